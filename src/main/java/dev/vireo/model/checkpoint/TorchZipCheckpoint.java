package dev.vireo.model.checkpoint;

import dev.vireo.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * A PyTorch zip checkpoint as written by {@code torch.save(state_dict, f)} (PyTorch >= 1.6): a zip with
 * {@code <prefix>/data.pkl} (the pickled dict, tensors as persistent storage references) and
 * {@code <prefix>/data/<key>} (raw little-endian storages, stored uncompressed). The pickle is read with
 * Pyrolite; storages are streamed from the zip entry straight into the tensor's memory on {@link #read}.
 */
final class TorchZipCheckpoint extends StoredCheckpoint {
    /** A storage reference from the pickle's persistent id ('storage', type, key, location, numel). */
    record StorageRef(String key, String dtype, long numel) {}

    /** The arguments of {@code torch._utils._rebuild_tensor_v2}. */
    record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {}

    private static final Map<String, String> STORAGE_TYPES = Map.of(
            "FloatStorage", "F32", "HalfStorage", "F16", "BFloat16Storage", "BF16", "DoubleStorage", "F64");

    /** Marker returned for {@code torch.XxxStorage} globals; the persistent id carries it. */
    private record StorageType(String dtype) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            throw new PickleException("storage classes are not constructed directly");
        }
    }

    /** An OrderedDict that accepts BUILD with its instance dict (torch keeps {@code _metadata} there). */
    public static final class OrderedDict extends LinkedHashMap<Object, Object> {
        public void __setstate__(HashMap<?, ?> state) {
            // _metadata (module versions) is not needed.
        }
    }

    /** Any storage class that is not a floating type: kept so that an error can name it. */
    private record UnsupportedStorage(String name) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            throw new PickleException("storage classes are not constructed directly");
        }
    }

    static {
        Unpickler.registerConstructor("collections", "OrderedDict", args -> new OrderedDict());
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", args -> {
            if (!(args[0] instanceof StorageRef s)) {
                throw new PickleException("tensor without a storage");
            }
            return new TensorRef(s, ((Number) args[1]).longValue(), longs(args[2]), longs(args[3]));
        });
        for (Map.Entry<String, String> e : STORAGE_TYPES.entrySet()) {
            Unpickler.registerConstructor("torch", e.getKey(), new StorageType(e.getValue()));
        }
        for (String other : List.of("LongStorage", "IntStorage", "ShortStorage", "CharStorage", "ByteStorage",
                "BoolStorage", "ComplexFloatStorage", "ComplexDoubleStorage")) {
            Unpickler.registerConstructor("torch", other, new UnsupportedStorage(other));
        }
    }

    private final ZipFile zip;
    private final String prefix;
    private final Map<String, TensorRef> refs;

    private TorchZipCheckpoint(Path path, ZipFile zip, String prefix, Map<String, TensorRef> refs) {
        super(path, infos(refs));
        this.zip = zip;
        this.prefix = prefix;
        this.refs = refs;
    }

    private static Map<String, TensorInfo> infos(Map<String, TensorRef> refs) {
        Map<String, TensorInfo> m = new LinkedHashMap<>();
        refs.forEach((k, r) -> m.put(k, new TensorInfo(k, r.storage().dtype(), r.size())));
        return m;
    }

    static TorchZipCheckpoint open(Path path) {
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new InvalidInputException(path + ": truncated or corrupt checkpoint (the zip directory at the end of"
                    + " the file is missing or damaged: " + e.getMessage() + ")");
        } catch (IOException e) {
            throw new InvalidInputException(path + ": cannot read checkpoint (" + e.getMessage() + ")");
        }
        try {
            String pkl = null;
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                String name = en.nextElement().getName();
                if (name.endsWith("data.pkl") && (pkl == null || name.length() < pkl.length())) {
                    pkl = name;
                }
            }
            if (pkl == null) {
                throw new InvalidInputException(path + ": zip file without data.pkl, not a torch.save checkpoint");
            }
            String prefix = pkl.substring(0, pkl.length() - "data.pkl".length());
            ZipEntry order = zip.getEntry(prefix + "byteorder");
            if (order != null) {
                try (InputStream in = zip.getInputStream(order)) {
                    String bo = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
                    if (!bo.equals("little")) {
                        throw new InvalidInputException(path + ": " + bo + "-endian checkpoint; only little-endian is supported");
                    }
                }
            }
            Object root;
            try (InputStream in = zip.getInputStream(zip.getEntry(pkl))) {
                root = new StateDictUnpickler().load(in);
            } catch (PickleException | ClassCastException e) {
                throw new InvalidInputException(path + ": cannot decode data.pkl (" + e.getMessage() + ")");
            }
            Map<String, TensorRef> refs = stateDict(root, path);
            return new TorchZipCheckpoint(path, zip, prefix, refs);
        } catch (IOException e) {
            closeQuietly(zip);
            throw new InvalidInputException(path + ": cannot read checkpoint (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    /** The state dict: the pickled dict itself, or a common wrapper key holding it. */
    private static Map<String, TensorRef> stateDict(Object root, Path path) {
        if (root instanceof Map<?, ?> m) {
            for (String wrapper : List.of("state_dict", "model", "ema")) {
                if (!m.isEmpty() && m.get(wrapper) instanceof Map<?, ?> inner && m.values().stream().noneMatch(v -> v instanceof TensorRef)) {
                    return stateDict(inner, path);
                }
            }
            Map<String, TensorRef> out = new LinkedHashMap<>();
            List<String> skipped = new ArrayList<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getValue() instanceof TensorRef r) {
                    if (r.storage().dtype().startsWith("?")) {
                        throw new InvalidInputException(path + ": tensor " + e.getKey() + " has storage type "
                                + r.storage().dtype().substring(1) + "; only float32/float16/bfloat16/float64 weights are supported");
                    }
                    out.put(String.valueOf(e.getKey()), r);
                } else {
                    skipped.add(String.valueOf(e.getKey()));
                }
            }
            if (!out.isEmpty()) {
                return out;
            }
            throw new InvalidInputException(path + ": the pickled object holds no tensors (keys: " + skipped + ")");
        }
        throw new InvalidInputException(path + ": data.pkl does not hold a state dict (got "
                + (root == null ? "None" : root.getClass().getSimpleName()) + ")");
    }

    private static final class StateDictUnpickler extends Unpickler {
        @Override
        protected Object persistentLoad(Object pid) {
            if (!(pid instanceof Object[] t) || t.length < 5 || !"storage".equals(t[0])) {
                throw new PickleException("unexpected persistent id");
            }
            String dtype;
            if (t[1] instanceof StorageType st) {
                dtype = st.dtype();
            } else if (t[1] instanceof UnsupportedStorage u) {
                dtype = "?" + u.name();
            } else {
                throw new PickleException("unknown storage type " + t[1]);
            }
            return new StorageRef(String.valueOf(t[2]), dtype, ((Number) t[4]).longValue());
        }
    }

    private static long[] longs(Object tuple) {
        Object[] a = (Object[]) tuple;
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = ((Number) a[i]).longValue();
        }
        return out;
    }

    @Override
    Tensor readStored(TensorInfo info) {
        String name = info.name();
        TensorRef r = refs.get(name);
        ScalarType type = scalarType(r.storage().dtype());
        int esize = elementSize(r.storage().dtype());
        long numel = 1;
        long extent = 1; // elements from the offset to the last one addressed by size/stride
        boolean contiguous = true;
        long expect = 1;
        for (int i = r.size().length - 1; i >= 0; i--) {
            numel *= r.size()[i];
            extent += (r.size()[i] - 1) * r.stride()[i];
            if (r.size()[i] != 1 && r.stride()[i] != expect) {
                contiguous = false;
            }
            expect *= r.size()[i];
        }
        long count = contiguous ? numel : extent;
        if (r.offset() + count > r.storage().numel()) {
            throw new InvalidInputException(path() + ": tensor " + name + " addresses past the end of its storage");
        }
        ZipEntry entry = zip.getEntry(prefix + "data/" + r.storage().key());
        if (entry == null) {
            throw new InvalidInputException(path() + ": storage data/" + r.storage().key() + " of tensor " + name + " is missing");
        }
        Tensor raw = torch.empty(new long[] {count}, new TensorOptions(type), new MemoryFormatOptional());
        try (InputStream in = zip.getInputStream(entry)) {
            in.skipNBytes(r.offset() * esize);
            fill(Channels.newChannel(in), raw, count * esize, name);
        } catch (java.io.EOFException e) {
            throw new InvalidInputException(path() + ": storage of tensor " + name + " is truncated");
        } catch (IOException e) {
            throw new InvalidInputException(path() + ": cannot read tensor " + name + " (" + e.getMessage() + ")");
        }
        return contiguous ? raw.view(r.size()) : torch.as_strided(raw, r.size(), r.stride());
    }

    @Override
    public void close() {
        closeQuietly(zip);
    }

    private static void closeQuietly(ZipFile z) {
        try {
            z.close();
        } catch (IOException ignored) {
            // Read-only file; nothing to flush.
        }
    }
}
