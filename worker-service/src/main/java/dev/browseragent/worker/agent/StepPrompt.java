package dev.browseragent.worker.agent;

import dev.browseragent.worker.browser.PageRenderer;
import dev.browseragent.worker.browser.PageState;
import dev.browseragent.worker.browser.Tab;

import java.util.List;

/**
 * The user message of one step (docs/agent.md, "How the agent sees a page"), rebuilt every step: the task (with the
 * names of its secrets and files), the history, the browser state and the step counter.
 */
final class StepPrompt {

    private StepPrompt() {
    }

    /**
     * What one step shows the model besides the page.
     *
     * @param secretNames the secrets the task may type, by name
     * @param fileNames   the files {@code upload_file} may use
     * @param notices     lines for the model about this step (it can only finish, it repeats itself...)
     */
    record Context(String task, List<String> secretNames, List<String> fileNames, AgentHistory history, int step,
                   int maxSteps, List<String> notices, int maxPageCharacters) {
    }

    /** @param previous the page of the previous step, to mark new elements; null on the first step */
    static String render(Context context, PageState page, PageState previous) {
        StringBuilder text = new StringBuilder().append("<user_request>\n").append(context.task()).append('\n');
        if (!context.secretNames().isEmpty()) {
            text.append("Secrets you can type with <secret>name</secret>: ")
                    .append(String.join(", ", context.secretNames())).append('\n');
        }
        if (!context.fileNames().isEmpty()) {
            text.append("Files you can upload with upload_file: ").append(String.join(", ", context.fileNames()))
                    .append('\n');
        }
        text.append("</user_request>\n")
                .append("<agent_history>\n").append(context.history().render()).append("\n</agent_history>\n")
                .append("<browser_state>\n").append(browserState(page, previous, context.maxPageCharacters()))
                .append("</browser_state>\n")
                .append("<step_info>\nStep ").append(context.step()).append(" of ").append(context.maxSteps())
                .append('\n');
        context.notices().forEach(notice -> text.append(notice).append('\n'));
        return text.append("</step_info>").toString();
    }

    private static String browserState(PageState page, PageState previous, int maxPageCharacters) {
        StringBuilder state = new StringBuilder()
                .append("Current tab: ").append(page.tabId()).append('\n')
                .append("URL: ").append(page.url()).append('\n')
                .append("Title: ").append(page.title()).append('\n')
                .append("Open tabs:\n");
        for (Tab tab : page.tabs()) {
            state.append("- Tab ").append(tab.id()).append(": ").append(tab.title()).append(" (").append(tab.url())
                    .append(")\n");
        }
        state.append("Page: ").append(page.pixelsAbove()).append(" pixels above, ").append(page.pixelsBelow())
                .append(" pixels below\n");
        String elements = PageRenderer.render(page, previous);
        if (elements.length() > maxPageCharacters) {
            int cut = elements.lastIndexOf('\n', maxPageCharacters);
            elements = elements.substring(0, cut > 0 ? cut + 1 : maxPageCharacters)
                    + "(the page text was cut here at " + maxPageCharacters
                    + " characters; scroll or use find_text or extract to read the rest)\n";
        }
        return state.append(elements.isEmpty() ? "(the page shows nothing)\n" : elements).toString();
    }
}
