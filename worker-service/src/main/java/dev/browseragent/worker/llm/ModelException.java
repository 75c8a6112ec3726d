package dev.browseragent.worker.llm;

/** A step's model call gave no usable answer: the model was unreachable, refused, or answered malformed output. */
public class ModelException extends RuntimeException {

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
