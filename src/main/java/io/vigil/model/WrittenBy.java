package io.vigil.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The {@link CompactSerializer} of a record that takes {@code @TypeInfo(CompactTypeInfo.Factory.class)}:
 * the factory reads it here.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WrittenBy {
    Class<? extends CompactSerializer<?>> value();
}
