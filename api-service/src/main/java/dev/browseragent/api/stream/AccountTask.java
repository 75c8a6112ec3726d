package dev.browseragent.api.stream;

import jakarta.ws.rs.NameBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method whose {@code task_id} path parameter must name a task of the caller's account: anything
 * else is answered 404 before the method runs ({@link AccountTaskFilter}). For a streamed answer, whose status is
 * sent before its first event, this is the only place a 404 can still be given.
 */
@NameBinding
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface AccountTask {
}
