package dev.browseragent.worker.agent.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.browseragent.worker.llm.ActionCall;
import dev.browseragent.worker.llm.ActionSpec;

import java.util.List;
import java.util.Optional;

/** The actions the agent knows, and the binding of a model's action call to one of them. */
public final class ActionCatalog {

    private static final List<ActionType> TYPES = List.of(
            Navigate.TYPE, GoBack.TYPE, Click.TYPE, Input.TYPE, Scroll.TYPE, SendKeys.TYPE, Wait.TYPE, Done.TYPE);

    private static final ObjectMapper JSON = new ObjectMapper();

    private ActionCatalog() {
    }

    /** Every action, as offered on an ordinary step. */
    public static List<ActionSpec> all() {
        return TYPES.stream().map(ActionType::spec).toList();
    }

    /** Only {@code done}: offered on the last step and after too many failures in a row. */
    public static List<ActionSpec> doneOnly() {
        return List.of(Done.TYPE.spec());
    }

    /**
     * Binds a call to its action.
     *
     * @param offered the actions the model was offered this step; others are refused
     * @throws ActionException naming what is wrong: an unknown or not offered action, or params that do not fit
     */
    public static Action bind(ActionCall call, List<ActionSpec> offered) {
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
        } catch (JsonProcessingException e) {
            throw new ActionException("invalid params for '" + call.name() + "': " + e.getOriginalMessage());
        }
    }

    private static Optional<ActionType> type(String name) {
        return TYPES.stream().filter(type -> type.name().equals(name)).findFirst();
    }
}
