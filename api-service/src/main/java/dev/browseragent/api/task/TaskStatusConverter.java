package dev.browseragent.api.task;

import dev.browseragent.model.TaskStatus;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores {@link TaskStatus} by its lower-case v1 name, the form the worker and the check constraint use. */
@Converter
public class TaskStatusConverter implements AttributeConverter<TaskStatus, String> {

    @Override
    public String convertToDatabaseColumn(TaskStatus status) {
        return status == null ? null : status.wireName();
    }

    @Override
    public TaskStatus convertToEntityAttribute(String name) {
        return name == null ? null : TaskStatus.fromWireName(name);
    }
}
