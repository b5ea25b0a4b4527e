package io.vigil.detect;

/**
 * A model fitted in the stream for many series at once (a metric family's forest), on its way to
 * every scorer: {@code detector} names the module, {@code key} what the model is for, and the model
 * travels as its versioned bytes, never as an object.
 */
public record SharedModel(String detector, String key, byte[] bytes) {}
