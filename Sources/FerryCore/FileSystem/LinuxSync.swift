import CLinux

/// The only file that calls the Linux-specific ways of making data durable: starting the
/// write-out of a file without waiting for it, and syncing a whole file system at once.
/// Each returns whether the call succeeded and leaves errno set when it did not.
enum LinuxSync {
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
}
