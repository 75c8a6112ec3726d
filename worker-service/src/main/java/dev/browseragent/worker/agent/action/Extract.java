package dev.browseragent.worker.agent.action;

import com.vladsch.flexmark.html2md.converter.FlexmarkHtmlConverter;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;

import java.util.Map;

/**
 * Asks the model to pull an answer out of the whole page, read as markdown (flexmark's HTML converter), not only
 * what is near the viewport.
 */
public record Extract(String query) implements Action {

    public static final ActionType TYPE = new ActionType("extract",
            "Ask for information from the whole page's text (not only what is visible), e.g. \"the prices of all"
                    + " listed items\". The answer appears in the action's result.",
            JsonObjectSchema.builder()
                    .addStringProperty("query", "What to extract from the page")
                    .required("query")
                    .build(),
            Extract.class);

    /** The page text the model is given at most, in characters (about 25k tokens). */
    static final int MAX_PAGE_CHARACTERS = 100_000;

    private static final FlexmarkHtmlConverter MARKDOWN = FlexmarkHtmlConverter.builder().build();

    public Extract {
        Params.required(query, "query");
    }

    @Override
    public ActionResult execute(ActionContext context) {
        int maxHtml = context.environment().extractHtmlCharacters();
        Map<?, ?> page = (Map<?, ?>) context.script(PageScripts.PAGE_HTML, maxHtml);
        String html = page == null ? "" : (String) page.get("html");
        boolean cut = page != null && Boolean.TRUE.equals(page.get("truncated"));
        String markdown = MARKDOWN.convert(html).strip();
        if (markdown.length() > MAX_PAGE_CHARACTERS) {
            markdown = markdown.substring(0, MAX_PAGE_CHARACTERS);
            cut = true;
        }
        if (cut) {
            markdown += "\n\n(the page continues; the rest was cut)";
        }
        String answer = context.environment().extractor().extract(query, markdown);
        return ActionResult.of("Extracted \"" + query + "\"" + (cut ? " from the beginning of the page only (it is"
                + " too long to read whole; scroll and use find_text for later parts)" : "") + ":\n" + answer);
    }
}
