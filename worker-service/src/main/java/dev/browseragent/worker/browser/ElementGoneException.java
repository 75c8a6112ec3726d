package dev.browseragent.worker.browser;

/** An element of the latest observation is no longer in the page (it was removed, or the page changed). */
public class ElementGoneException extends RuntimeException {

    private final int index;

    public ElementGoneException(int index) {
        super("element [" + index + "] is no longer on the page");
        this.index = index;
    }

    public int index() {
        return index;
    }
}
