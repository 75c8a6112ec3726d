package dev.browseragent.worker.agent;

import dev.browseragent.worker.browser.FinishedDownload;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DownloadBudgetTest {

    private final DownloadBudget budget = new DownloadBudget(2, 100, 150);

    @Test
    void filesUpToTheCountAreKeptAndTheNextIsRefusedSayingTheLimit() {
        assertEquals(Optional.empty(), budget.keep("a.txt", 10));
        assertEquals(Optional.empty(), budget.keep("b.txt", 10));

        assertEquals(Optional.of("The download of c.txt was refused: this task has already downloaded 2 files, the"
                + " limit."), budget.keep("c.txt", 10));
    }

    @Test
    void aFileOfExactlyTheSizeLimitIsKeptAndOneByteMoreIsNot() {
        assertEquals(Optional.of("The download of big.bin was refused: it is larger than 100 bytes, the limit for one"
                + " file."), budget.keep("big.bin", 101));
        assertEquals(Optional.empty(), budget.keep("exact.bin", 100));
    }

    @Test
    void filesThatTogetherExceedTheTotalAreRefusedButRefusalsCountNothing() {
        assertEquals(Optional.empty(), budget.keep("a.bin", 100));
        assertEquals(Optional.of("The download of b.bin was refused: with it this task's downloads would exceed 150"
                + " bytes in total, the limit."), budget.keep("b.bin", 51));

        assertEquals(Optional.empty(), budget.keep("c.bin", 50), "the refused file took neither a place nor bytes");
    }

    @Test
    void aRunningDownloadIsStoppedOnceItGrowsPastTheFileLimit() {
        assertEquals(Optional.empty(), budget.judgeRunning("1", "endless.bin", 0));
        assertEquals(Optional.empty(), budget.judgeRunning("1", "endless.bin", 100));

        assertTrue(budget.judgeRunning("1", "endless.bin", 101).orElseThrow().contains("larger than 100 bytes"));
    }

    @Test
    void runningDownloadsCountAgainstTheCapsAsIfKept() {
        assertEquals(Optional.empty(), budget.judgeRunning("1", "a.bin", 0));
        assertEquals(Optional.empty(), budget.keep("b.bin", 60));

        assertTrue(budget.judgeRunning("2", "c.bin", 0).orElseThrow().contains("already downloaded 2 files"),
                "one kept and one running fill a count of two");
        assertTrue(budget.judgeRunning("1", "a.bin", 91).orElseThrow().contains("150 bytes in total"),
                "the running one's bytes and the kept ones' add up");
    }

    @Test
    void aCancelledDownloadNoLongerHoldsItsPlace() {
        budget.judgeRunning("1", "a.bin", 0);
        budget.judgeRunning("2", "b.bin", 0);

        budget.cancelled("1");

        assertEquals(Optional.empty(), budget.judgeRunning("3", "c.bin", 0));
    }

    @Test
    void aCompletedDownloadHoldsItsPlaceUntilTheFilesAreJudged() {
        budget.judgeRunning("1", "a.bin", 0);
        budget.completed("1", 10);
        budget.judgeRunning("2", "b.bin", 0);
        budget.completed("2", 10);

        assertTrue(budget.judgeRunning("3", "c.bin", 0).orElseThrow().contains("already downloaded 2 files"),
                "two completed files not yet judged fill a count of two");

        assertEquals(List.of(Optional.empty()), budget.judgeFinished(List.of(new FinishedDownload("a.bin", 10))));
        assertEquals(Optional.empty(), budget.judgeRunning("3", "c.bin", 0), "once judged, only the kept file counts");
    }

    @Test
    void completedBytesCountAgainstTheTotal() {
        budget.judgeRunning("1", "a.bin", 0);
        budget.completed("1", 100);

        assertTrue(budget.judgeRunning("2", "b.bin", 51).orElseThrow().contains("150 bytes in total"));
    }

    @Test
    void sizesReadAsPeopleWriteThem() {
        assertEquals("25 MiB", DownloadBudget.readable(25L << 20));
        assertEquals("1.5 MiB", DownloadBudget.readable(3L << 19));
        assertEquals("512 KiB", DownloadBudget.readable(512L << 10));
        assertEquals("900 bytes", DownloadBudget.readable(900));
    }
}
