package dev.browseragent.worker.agent;

import dev.browseragent.worker.browser.PageRenderer;
import dev.browseragent.worker.browser.PageState;
import dev.browseragent.worker.browser.Tab;

/**
 * The user message of one step (agent-llm-contract §1), rebuilt every step: the task, the history, the browser
 * state and the step counter.
 */
final class StepPrompt {

    private StepPrompt() {
    }

    /**
     * @param previous the page of the previous step, to mark new elements; null on the first step
     * @param notice   a line for the model about this step (e.g. that it can only finish), or null
     */
    static String render(String task, AgentHistory history, PageState page, PageState previous, int step,
                         int maxSteps, String notice) {
        StringBuilder text = new StringBuilder()
                .append("<user_request>\n").append(task).append("\n</user_request>\n")
                .append("<agent_history>\n").append(history.render()).append("\n</agent_history>\n")
                .append("<browser_state>\n").append(browserState(page, previous)).append("</browser_state>\n")
                .append("<step_info>\nStep ").append(step).append(" of ").append(maxSteps).append('\n');
        if (notice != null) {
            text.append(notice).append('\n');
        }
        return text.append("</step_info>").toString();
    }

    private static String browserState(PageState page, PageState previous) {
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
        return state.append(elements.isEmpty() ? "(the page shows nothing)\n" : elements).toString();
    }
}
