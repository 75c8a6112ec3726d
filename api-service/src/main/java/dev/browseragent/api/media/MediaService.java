package dev.browseragent.api.media;

import dev.browseragent.api.error.ApiException;
import dev.browseragent.api.file.DownloadUrl;
import dev.browseragent.api.file.FileService;
import dev.browseragent.api.file.SignedUrls;
import dev.browseragent.api.storage.StoredObjects;
import dev.browseragent.model.TaskStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A task's screenshots, GIF, recordings and output files, each handed out as a signed URL. The GIF is made when its
 * URL is first fetched and kept in the object store once the task has ended (a running task's GIF still grows).
 */
@ApplicationScoped
public class MediaService {

    static final String TASKS = "tasks";
    static final String GIF_NAME = "steps.gif";
    static final String RECORDING_NAME = "recording.webm";
    private static final Set<String> FINAL = Set.of(TaskStatus.FINISHED.wireName(), TaskStatus.FAILED.wireName(),
            TaskStatus.STOPPED.wireName());

    private final TaskMediaRepository media;
    private final FileService files;
    private final SignedUrls signedUrls;
    private final StoredObjects storage;

    public MediaService(TaskMediaRepository media, FileService files, SignedUrls signedUrls, StoredObjects storage) {
        this.media = media;
        this.files = files;
        this.signedUrls = signedUrls;
        this.storage = storage;
    }

    public Uni<Screenshots> screenshots(UUID accountId, String taskId) {
        return task(accountId, taskId).chain(task -> media.screenshotSteps(task).map(steps -> new Screenshots(
                steps.stream().map(step -> screenshotUrl(task.taskId(), task.attempt(), step)).toList())));
    }

    /** Null when the task has no screenshot yet. */
    public Uni<Gif> gif(UUID accountId, String taskId) {
        return task(accountId, taskId).chain(task -> media.screenshotSteps(task).map(steps -> new Gif(steps.isEmpty() ? null
                : gifUrl(task.taskId(), task.attempt()))));
    }

    /**
     * The videos of the task's runs, one per attempt that made one, once the task has ended; null while it runs or
     * when no run was recorded (the worker records none, or the run kept none).
     */
    public Uni<Recordings> recordings(UUID accountId, String taskId) {
        return task(accountId, taskId).chain(task -> recordingUrls(task.taskId(), FINAL.contains(task.status())))
                .map(urls -> new Recordings(urls.isEmpty() ? null : urls));
    }

    /** The signed URL of a step's screenshot; the caller knows the step has one. */
    public String screenshotUrl(UUID taskId, int attempt, int step) {
        return signedUrls.get(List.of("files", TASKS, taskId.toString(), Integer.toString(attempt), "screenshots",
                Integer.toString(step)));
    }

    /** The signed URL of the attempt's GIF; the caller knows the attempt has a screenshot. */
    public String gifUrl(UUID taskId, int attempt) {
        return signedUrls.get(List.of("files", TASKS, taskId.toString(), Integer.toString(attempt), GIF_NAME));
    }

    /**
     * The signed URLs of the task's recordings, one per recorded run, oldest first, once the task has ended; none
     * before (a run's recording is stored as it ends, and a later run may still come).
     */
    public Uni<List<String>> recordingUrls(UUID taskId, boolean ended) {
        if (!ended) {
            return Uni.createFrom().item(List.of());
        }
        return media.recordedAttempts(taskId).map(attempts -> attempts.stream()
                .map(attempt -> signedUrls.get(List.of("files", TASKS, taskId.toString(), Integer.toString(attempt),
                        RECORDING_NAME)))
                .toList());
    }

    public Uni<DownloadUrl> outputFile(UUID accountId, String taskId, String fileName) {
        return task(accountId, taskId).chain(task -> files.outputFileUrl(accountId, task.taskId(), fileName));
    }

    /** The bytes behind a signed screenshot URL. */
    public Uni<byte[]> screenshot(String taskId, int attempt, int step) {
        return media.screenshotKey(parseTaskId(taskId), attempt, step)
                .chain(key -> key.isEmpty() ? Uni.createFrom().item(Optional.<byte[]>empty()) : storage.get(key.get()))
                .map(image -> image.orElseThrow(() -> ApiException.notFound("Screenshot not found")));
    }

    /** The bytes behind a signed recording URL. */
    public Uni<byte[]> recording(String taskId, int attempt) {
        return media.recordingKey(parseTaskId(taskId), attempt)
                .chain(key -> key.isEmpty() ? Uni.createFrom().item(Optional.<byte[]>empty()) : storage.get(key.get()))
                .map(video -> video.orElseThrow(() -> ApiException.notFound("Recording not found")));
    }

    /** The bytes behind a signed GIF URL: from the object store, or made now (and kept if the task has ended). */
    public Uni<byte[]> gifBytes(String taskId, int attempt) {
        UUID id = parseTaskId(taskId);
        String storageKey = "gifs/" + id + "/" + attempt;
        return storage.get(storageKey).chain(cached -> cached.isPresent() ? Uni.createFrom().item(cached.get())
                : media.status(id).chain(status -> media.screenshotKeys(id, attempt)
                .chain(keys -> {
                    if (keys.isEmpty()) {
                        throw ApiException.notFound("GIF not found");
                    }
                    // One screenshot in memory at a time, however many steps the task has.
                    return storage.overEach(keys, AnimatedGif::of);
                })
                .call(gif -> status.filter(FINAL::contains).isPresent() ? storage.put(storageKey, gif)
                        : Uni.createFrom().voidItem())));
    }

    private Uni<TaskMediaRepository.TaskAttempt> task(UUID accountId, String taskId) {
        return media.attempt(accountId, parseTaskId(taskId))
                .map(task -> task.orElseThrow(() -> ApiException.notFound("Task not found")));
    }

    private static UUID parseTaskId(String taskId) {
        try {
            return UUID.fromString(taskId);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Task not found");
        }
    }

    public record Screenshots(List<String> screenshots) {
    }

    public record Gif(@Schema(nullable = true) String gif) {
    }

    public record Recordings(@Schema(nullable = true) List<String> recordings) {
    }

}
