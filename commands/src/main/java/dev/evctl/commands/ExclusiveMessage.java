package dev.evctl.commands;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one-line message for a picocli exclusive {@code @ArgGroup} class when two of its options are
 * given together, instead of picocli's "A, B are mutually exclusive (specify only one)". It must
 * name every option of the group ({@code ExclusiveMessageTest}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ExclusiveMessage {
    String value();
}
