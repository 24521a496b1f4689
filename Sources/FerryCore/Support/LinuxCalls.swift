import CLinux

/// The only file that calls the CLinux module: the Linux-specific ways of making data
/// durable, and the allocator setting for large buffers. Each call returns whether it
/// succeeded and leaves errno set when it did not.
enum LinuxCalls {
    /// Asks the kernel to start writing the file's dirty pages to the device now, and returns
    /// at once. It makes nothing durable, but a later fsync or syncfs then finds the data
    /// written, or being written, instead of writing it all while the caller waits.
    static func startWriteback(_ descriptor: Int32) -> Bool {
        sync_file_range(descriptor, 0, 0, UInt32(SYNC_FILE_RANGE_WRITE)) == 0
    }

    /// Writes every change on the file system that holds `descriptor` to stable storage and
    /// waits for it: files, their sizes and names, with one cache flush of the device.
    static func syncFileSystem(_ descriptor: Int32) -> Bool {
        syncfs(descriptor) == 0
    }

    /// Serves every allocation of `bytes` or more with pages of its own, returned to the
    /// system when it is freed.
    static func mapAllocations(from bytes: Int) -> Bool {
        mallopt(M_MMAP_THRESHOLD, Int32(bytes)) == 1
    }
}

/// How the process's allocator treats large buffers: a patch's old content, zstd's windows.
public enum LargeBuffers {
    /// Gives each buffer of 256 KiB or more pages of its own, returned when it is freed, for
    /// the whole process. Left to itself, glibc raises that limit whenever such a buffer is
    /// freed, then serves later ones from its heap and keeps up to twice the limit of freed
    /// memory there, so the peak memory of an apply would count buffers it no longer uses.
    public static func returnWhenFreed() {
        _ = LinuxCalls.mapAllocations(from: 256 * 1024)
    }
}
