package io.memguard.mapped;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.nio.Buffer;
import java.nio.MappedByteBuffer;
import java.util.Locale;
import java.util.Optional;

/**
 * Calls Linux {@code madvise(2)} through the Foreign Function and Memory API, final since JDK 22.
 *
 * <p>memguard compiles for Java 17, where {@code java.lang.foreign} does not exist, so everything is looked up by
 * name when this class is created, and {@link #create()} returns empty on any JDK or platform where a step fails.
 * The per-call functions ({@code MemorySegment.ofBuffer}, {@code address}, {@code ofAddress}, the confined arena
 * for the captured {@code errno}) are method handles resolved once; advice is not a hot path.
 *
 * <p>{@code Linker.downcallHandle} is a restricted method: the JDK prints a warning once unless the application
 * runs with {@code --enable-native-access=ALL-UNNAMED} (or memguard's module name).
 */
final class ForeignMemoryAdvisor implements MemoryAdvisor {

    private static final MethodType MADVISE_TYPE = MethodType.methodType(int.class, Object.class, Object.class,
            long.class, int.class);

    private final MethodHandle madvise;

    private final MethodHandle ofBuffer;

    private final MethodHandle address;

    private final MethodHandle ofAddress;

    private final MethodHandle ofConfinedArena;

    private final MethodHandle allocate;

    private final MethodHandle closeArena;

    private final Object captureLayout;

    private final VarHandle errno;

    private final long pageSize;

    private ForeignMemoryAdvisor(Foreign foreign) throws ReflectiveOperationException {
        Object linker = foreign.linker.getMethod("nativeLinker").invoke(null);
        Object lookup = foreign.linker.getMethod("defaultLookup").invoke(linker);
        Object intLayout = foreign.valueLayout.getField("JAVA_INT").get(null);
        Object longLayout = foreign.valueLayout.getField("JAVA_LONG").get(null);
        Object addressLayout = foreign.valueLayout.getField("ADDRESS").get(null);

        Object captureErrno = foreign.option.getMethod("captureCallState", String[].class).invoke(null,
                (Object) new String[] { "errno" });
        Object options = Array.newInstance(foreign.option, 1);
        Array.set(options, 0, captureErrno);
        Object descriptor = foreign.descriptor(intLayout, addressLayout, longLayout, intLayout);
        this.madvise = ((MethodHandle) foreign.linker
                .getMethod("downcallHandle", foreign.segment, foreign.functionDescriptor, options.getClass())
                .invoke(linker, foreign.symbol(lookup, "madvise"), descriptor, options)).asType(MADVISE_TYPE);

        MethodHandle getpagesize = (MethodHandle) foreign.linker
                .getMethod("downcallHandle", foreign.segment, foreign.functionDescriptor, options.getClass())
                .invoke(linker, foreign.symbol(lookup, "getpagesize"), foreign.descriptor(intLayout),
                        Array.newInstance(foreign.option, 0));
        this.pageSize = invokePageSize(getpagesize);

        MethodHandles.Lookup publicLookup = MethodHandles.publicLookup();
        this.ofBuffer = publicLookup.findStatic(foreign.segment, "ofBuffer",
                MethodType.methodType(foreign.segment, Buffer.class)).asType(
                        MethodType.methodType(Object.class, Buffer.class));
        this.address = publicLookup.findVirtual(foreign.segment, "address", MethodType.methodType(long.class))
                .asType(MethodType.methodType(long.class, Object.class));
        this.ofAddress = publicLookup.findStatic(foreign.segment, "ofAddress",
                MethodType.methodType(foreign.segment, long.class)).asType(
                        MethodType.methodType(Object.class, long.class));
        Class<?> arena = Class.forName("java.lang.foreign.Arena");
        this.ofConfinedArena = publicLookup.findStatic(arena, "ofConfined", MethodType.methodType(arena))
                .asType(MethodType.methodType(Object.class));
        this.allocate = publicLookup.findVirtual(arena, "allocate",
                MethodType.methodType(foreign.segment, foreign.memoryLayout)).asType(
                        MethodType.methodType(Object.class, Object.class, Object.class));
        this.closeArena = publicLookup.findVirtual(arena, "close", MethodType.methodType(void.class))
                .asType(MethodType.methodType(void.class, Object.class));
        this.captureLayout = foreign.option.getMethod("captureStateLayout").invoke(null);
        Class<?> pathElement = Class.forName("java.lang.foreign.MemoryLayout$PathElement");
        Object path = Array.newInstance(pathElement, 1);
        Array.set(path, 0, pathElement.getMethod("groupElement", String.class).invoke(null, "errno"));
        this.errno = (VarHandle) foreign.memoryLayout.getMethod("varHandle", path.getClass()).invoke(captureLayout,
                path);
    }

    /**
     * The advisor of this JVM, if it runs on Linux with JDK 22 or later and native calls are permitted.
     *
     * @return the advisor, or empty with no side effect
     */
    static Optional<MemoryAdvisor> create() {
        if (Runtime.version().feature() < 22
                || !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ForeignMemoryAdvisor(new Foreign()));
        }
        catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
            return Optional.empty();
        }
    }

    @Override
    public boolean supported(MappedSegment.Advice advice) {
        return true;
    }

    @Override
    public int advise(MappedByteBuffer buffer, long offset, long length, MappedSegment.Advice advice) {
        try {
            Object segment = (Object) ofBuffer.invokeExact((Buffer) buffer);
            long start = (long) address.invokeExact(segment) + offset;
            long alignedStart = start & -pageSize;
            Object arena = (Object) ofConfinedArena.invokeExact();
            try {
                Object errnoSegment = (Object) allocate.invokeExact(arena, captureLayout);
                int result = (int) madvise.invokeExact(errnoSegment, (Object) ofAddress.invokeExact(alignedStart),
                        length + (start - alignedStart), advice.linuxValue());
                return result == 0 ? 0 : Math.max(1, (int) errno.get(errnoSegment, 0L));
            }
            finally {
                closeArena.invokeExact(arena);
            }
        }
        catch (RuntimeException | Error ex) {
            throw ex;
        }
        catch (Throwable ex) {
            throw new IllegalStateException("madvise could not be called through java.lang.foreign", ex);
        }
    }

    @Override
    public String description() {
        return "madvise(2) through java.lang.foreign, JDK " + Runtime.version().feature() + ", page size "
                + pageSize;
    }

    private static long invokePageSize(MethodHandle getpagesize) {
        try {
            return (int) getpagesize.invoke();
        }
        catch (Throwable ex) {
            return 4096;
        }
    }

    /** The {@code java.lang.foreign} types, looked up by name, and the reflective steps used more than once. */
    private static final class Foreign {

        final Class<?> linker = Class.forName("java.lang.foreign.Linker");

        final Class<?> option = Class.forName("java.lang.foreign.Linker$Option");

        final Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");

        final Class<?> memoryLayout = Class.forName("java.lang.foreign.MemoryLayout");

        final Class<?> valueLayout = Class.forName("java.lang.foreign.ValueLayout");

        final Class<?> functionDescriptor = Class.forName("java.lang.foreign.FunctionDescriptor");

        final Class<?> symbolLookup = Class.forName("java.lang.foreign.SymbolLookup");

        Foreign() throws ClassNotFoundException {
        }

        Object symbol(Object lookup, String name) throws ReflectiveOperationException {
            Optional<?> found = (Optional<?>) symbolLookup.getMethod("find", String.class).invoke(lookup, name);
            return found.orElseThrow(() -> new NoSuchMethodException("native function " + name));
        }

        Object descriptor(Object result, Object... arguments) throws ReflectiveOperationException {
            Object layouts = Array.newInstance(memoryLayout, arguments.length);
            for (int i = 0; i < arguments.length; i++) {
                Array.set(layouts, i, arguments[i]);
            }
            try {
                return functionDescriptor.getMethod("of", memoryLayout, layouts.getClass()).invoke(null, result,
                        layouts);
            }
            catch (InvocationTargetException ex) {
                throw new IllegalStateException(ex.getCause());
            }
        }
    }
}
