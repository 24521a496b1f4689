import Glibc

/// Old content held in memory as a zstd prefix: filled once, straight from files, and
/// never copied again, so a patch costs its old content's size in memory and no more.
public final class ContentBuffer {
    private let storage: UnsafeMutableRawBufferPointer
    /// How many bytes are filled.
    private(set) var count = 0

    /// An empty buffer that can hold `capacity` bytes.
    init(capacity: Int) {
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(capacity, 1), alignment: 64)
    }

    deinit {
        storage.deallocate()
    }

    /// The filled bytes.
    var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: storage[0..<count])
    }

    /// Appends bytes; the caller sized the buffer for everything it appends.
    func append(_ chunk: UnsafeRawBufferPointer) {
        precondition(count + chunk.count <= storage.count, "content buffer overflow")
        UnsafeMutableRawBufferPointer(rebasing: storage[count...]).copyMemory(from: chunk)
        count += chunk.count
    }

    /// Appends the rest of `file`, refusing to grow past the capacity.
    func append(contentsOf file: File) throws {
        while count < storage.count {
            let read = try file.read(
                into: UnsafeMutableRawBufferPointer(rebasing: storage[count...]))
            if read == 0 { return }
            count += read
        }
        var probe: UInt8 = 0
        guard try withUnsafeMutableBytes(of: &probe, { try file.read(into: $0) }) == 0 else {
            throw FileSystemError("read", file.path, code: EFBIG)
        }
    }
}
