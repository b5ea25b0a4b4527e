package io.vigil.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/** This JVM's CPU time and heap, as the bench's child JVMs measure themselves. */
final class ProcessCpu {
    private ProcessCpu() {}

    /** CPU time of every thread of this process (JIT and GC included), in nanoseconds. */
    static long nanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Heap in use after a full collection (approximate: {@code System.gc()} is a request). */
    static long heapUsedAfterGc() {
        System.gc();
        System.gc();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getUsed();
    }
}
