package dev.vireo.tensor;

import dev.vireo.InvalidInputException;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch;

/**
 * The one place that loads libtorch. Everything that touches a tensor calls {@link #load()} first.
 *
 * <p>With an empty JavaCPP cache the first JVM crashes inside System.load(libtorch_cpu.so) unless the
 * native resources are extracted before the library is loaded (research/backend.md), so we extract
 * them explicitly.
 */
public final class Torch {
    private static volatile boolean loaded;
    private static volatile Device device;

    private Torch() {}

    public static void load() {
        if (loaded) {
            return;
        }
        synchronized (Torch.class) {
            if (loaded) {
                return;
            }
            String platform = Loader.getPlatform();
            for (String lib : new String[] {"openblas", "pytorch"}) {
                for (String suffix : new String[] {"", "-gpu"}) {
                    try {
                        Loader.cacheResources("/org/bytedeco/" + lib + "/" + platform + suffix + "/");
                    } catch (Exception absent) {
                        // The CPU and GPU jars each ship only one of the two folders.
                    }
                }
            }
            Loader.load(torch.class);
            // libtorch's BLAS here is OpenBLAS built with its own pthread pool, which ignores
            // torch.set_num_threads: its threads spin beside OpenMP's in every fp32 gemm (the 1x1
            // attention convolutions, linears) and made fp32 forwards 2.5-3x slower. libtorch already
            // parallelises around those calls, so BLAS runs single-threaded.
            org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(1);
            loaded = true;
        }
    }

    /**
     * Most intra-op threads accepted: {@value #THREADS_PER_CORE} per core. More threads than cores never
     * pay, and a run asked for 999 was seen to end in a segmentation fault inside libtorch.
     */
    public static final int THREADS_PER_CORE = 4;

    /** Limits intra-op threads; 0 keeps libtorch's default (all cores). */
    public static void setThreads(int threads) {
        checkThreads(threads);
        load();
        if (threads > 0) {
            torch.set_num_threads(threads);
        }
    }

    /** Refuses a negative count or more than {@value #THREADS_PER_CORE} threads per core of this machine. */
    public static void checkThreads(int threads) {
        int cores = Runtime.getRuntime().availableProcessors();
        int max = THREADS_PER_CORE * cores;
        if (threads < 0 || threads > max) {
            throw new InvalidInputException("--threads must be 0 (all cores) or 1.." + max + " ("
                    + THREADS_PER_CORE + " per core on this machine of " + cores + "), got " + threads);
        }
    }

    public static int threads() {
        load();
        return torch.get_num_threads();
    }

    /** The compute device: the one {@link #selectDevice} chose, else CUDA when the GPU build finds a card, else CPU. */
    public static Device device() {
        load();
        if (device == null) {
            synchronized (Torch.class) {
                if (device == null) {
                    device = newDevice(torch.cuda_is_available() ? "cuda" : "cpu");
                }
            }
        }
        return device;
    }

    /**
     * {@code --device}: {@code auto} (CUDA when there is a card the build can use, else the CPU), {@code cpu} or
     * {@code cuda}; {@code cuda} where no card is usable is refused, naming why (the CPU build, or no card).
     */
    public static void selectDevice(String choice) {
        String c = choice.trim().toLowerCase(java.util.Locale.ROOT);
        if (!c.equals("auto") && !c.equals("cpu") && !c.equals("cuda")) {
            throw new InvalidInputException("--device must be auto, cpu or cuda, got '" + InvalidInputException.excerpt(choice) + "'");
        }
        load();
        boolean available = torch.cuda_is_available();
        if (c.equals("cuda") && !available) {
            throw new InvalidInputException("--device cuda: " + (isGpuBuild()
                    ? "no CUDA device is visible (check the NVIDIA driver and CUDA_VISIBLE_DEVICES)"
                    : "this is the CPU build of Vireo; build the GPU one with 'mvn -Pgpu package' (docs/gpu.md)"));
        }
        synchronized (Torch.class) {
            device = newDevice(c.equals("cpu") || !available ? "cpu" : "cuda");
        }
    }

    /** Forgets a {@link #selectDevice} choice, so the next {@link #device()} is chosen automatically again. */
    public static void resetDevice() {
        device = null;
    }

    private static Device newDevice(String name) {
        Device d = new Device(name);
        // Cached for the life of the JVM: keep an enclosing PointerScope from freeing it.
        d.retainReference();
        return d;
    }

    /** Whether the natives on the class path are JavaCPP's GPU build of libtorch. */
    public static boolean isGpuBuild() {
        return Torch.class.getResource("/org/bytedeco/pytorch/" + Loader.getPlatform() + "-gpu/") != null;
    }

    public static boolean isCuda() {
        return device().is_cuda();
    }

    /**
     * Waits until the device has finished the work queued so far: CUDA kernels run asynchronously, so a clock
     * read without it times the launch, not the work. A no-op on the CPU, where libtorch is synchronous.
     */
    public static void synchronize() {
        if (isCuda()) {
            torch.cuda_synchronize();
        }
    }

    public static String version() {
        return "libtorch 2.10.0 (JavaCPP 1.5.13)";
    }
}
