package dev.browseragent.worker.agent.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.browseragent.worker.llm.ActionCall;
import dev.browseragent.worker.llm.ActionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The actions of a run (docs/agent.md, "Actions"), and the binding of a model's action call to one of them. A task with
 * an output schema gets the {@code done} whose {@code data} follows it.
 */
public final class ActionCatalog {

    private static final List<ActionType> BROWSING = List.of(
            Navigate.TYPE, Search.TYPE, GoBack.TYPE, Wait.TYPE, Click.TYPE, Input.TYPE, SelectDropdown.TYPE,
            DropdownOptions.TYPE, Scroll.TYPE, FindText.TYPE, SendKeys.TYPE, SwitchTab.TYPE, CloseTab.TYPE,
            UploadFile.TYPE, Extract.TYPE);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ActionType> types;
    private final ActionType done;

    private ActionCatalog(ActionType done) {
        this.done = done;
        List<ActionType> all = new ArrayList<>(BROWSING);
        all.add(done);
        this.types = List.copyOf(all);
    }

    /** The catalog of a task; with an output schema, done takes {@code data} shaped by it. */
    public static ActionCatalog of(StructuredOutput structuredOutput) {
        return new ActionCatalog(structuredOutput == null ? Done.TYPE : StructuredDone.type(structuredOutput.schemaJson()));
    }

    /** Every action, as offered on an ordinary step. */
    public List<ActionSpec> all() {
        return types.stream().map(ActionType::spec).toList();
    }

    /** Only {@code done}: offered on the last step and after too many failures in a row. */
    public List<ActionSpec> doneOnly() {
        return List.of(done.spec());
    }

    /**
     * Binds a call to its action.
     *
     * @param offered the actions the model was offered this step; others are refused
     * @throws ActionException naming what is wrong: an unknown or not offered action, or params that do not fit
     */
    public Action bind(ActionCall call, List<ActionSpec> offered) {
        List<String> offeredNames = offered.stream().map(ActionSpec::name).toList();
        if (!offeredNames.contains(call.name())) {
            String problem = type(call.name()).isPresent() ? "is not allowed now" : "does not exist";
            throw new ActionException("the action '" + call.name() + "' " + problem + "; use one of " + offeredNames);
        }
        ActionType type = type(call.name()).orElseThrow();
        try {
            return JSON.treeToValue(call.params(), type.actionClass());
        } catch (UnrecognizedPropertyException e) {
            throw new ActionException("invalid params for '" + call.name() + "': unknown param '"
                    + e.getPropertyName() + "'; its params are " + type.params().properties().keySet());
        } catch (ValueInstantiationException e) {
            // A record's own check failed: its cause says what is wrong, without Jackson's wrapping.
            String problem = e.getCause() != null ? e.getCause().getMessage() : e.getOriginalMessage();
            throw new ActionException("invalid params for '" + call.name() + "': " + problem);
        } catch (MismatchedInputException e) {
            String param = e.getPath().isEmpty() ? "params" : "'" + e.getPath().get(0).getFieldName() + "'";
            throw new ActionException("invalid params for '" + call.name() + "': " + param
                    + " has the wrong type; its params are " + type.params().properties().keySet());
        } catch (JsonProcessingException e) {
            throw new ActionException("invalid params for '" + call.name() + "': " + e.getOriginalMessage());
        }
    }

    private Optional<ActionType> type(String name) {
        return types.stream().filter(type -> type.name().equals(name)).findFirst();
    }
}
