package dev.browseragent.worker.agent.action;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.browseragent.worker.browser.PageElement;

import java.nio.file.Path;
import java.util.List;

/** Puts one of the task's files into a file input. */
public record UploadFile(Integer index, String path) implements Action {

    public static final ActionType TYPE = new ActionType("upload_file",
            "Put one of the task's available files into the file input with this index.",
            JsonObjectSchema.builder()
                    .addIntegerProperty("index", "The file input's [index] in browser_state")
                    .addStringProperty("path", "The file's name, as listed among the available files")
                    .required("index", "path")
                    .build(),
            UploadFile.class);

    public UploadFile {
        Params.required(index, "index");
        Params.required(path, "path");
    }

    @Override
    public ActionResult execute(ActionContext context) {
        Path file = context.environment().files().get(path);
        if (file == null) {
            throw new ActionException(context.environment().files().isEmpty()
                    ? "this task has no files to upload"
                    : "there is no file \"" + path + "\"; the available files are "
                    + context.environment().files().keySet());
        }
        PageElement element = context.element(index);
        if (!"file".equals(element.property("type"))) {
            throw new ActionException("element [" + index + "] is not a file input");
        }
        element.setFiles(List.of(file));
        return ActionResult.of("Put the file \"" + path + "\" into element [" + index + "]");
    }
}
