import Foundation

/// Hands chunks of bytes from one thread to a consumer running on another, through a few
/// fixed buffers, so that reading and decoding a bundle on one core overlaps with hashing
/// and writing the files on the other. Memory stays at `depth` chunks.
///
/// The producer calls `push` and then `finish`; a consumer failure is rethrown from the
/// producer's next call. Whatever happens, `close` must run (a `defer`), so the consumer
/// thread always ends.
final class ChunkPipeline: @unchecked Sendable {
    private let condition = NSCondition()
    private let consumer: (UnsafeRawBufferPointer) throws -> Void
    private var free: [UnsafeMutableRawBufferPointer]
    private var filled: [(UnsafeMutableRawBufferPointer, Int)] = []
    private var failure: Error?
    private var closing = false
    private var stopped = false
    private let buffers: [UnsafeMutableRawBufferPointer]

    /// Starts the consumer thread.
    init(
        depth: Int = 4, chunkSize: Int = 1 << 20,
        consumer: @escaping (UnsafeRawBufferPointer) throws -> Void
    ) {
        buffers = (0..<depth).map { _ in .allocate(byteCount: chunkSize, alignment: 64) }
        free = buffers
        self.consumer = consumer
        let thread = Thread { [self] in consume() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    deinit {
        for buffer in buffers { buffer.deallocate() }
    }

    /// Copies `chunk` into free buffers and queues them, waiting while all are in use.
    func push(_ chunk: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < chunk.count {
            let buffer = try takeFreeBuffer()
            let count = min(buffer.count, chunk.count - offset)
            buffer.copyMemory(
                from: UnsafeRawBufferPointer(rebasing: chunk[offset..<(offset + count)]))
            condition.withLock {
                filled.append((buffer, count))
                condition.broadcast()
            }
            offset += count
        }
    }

    private func takeFreeBuffer() throws -> UnsafeMutableRawBufferPointer {
        condition.lock()
        defer { condition.unlock() }
        while free.isEmpty && failure == nil { condition.wait() }
        if let failure { throw failure }
        return free.removeLast()
    }

    /// Waits until the consumer has taken every chunk, then rethrows its failure, if any.
    func finish() throws {
        close()
        if let failure = condition.withLock({ failure }) { throw failure }
    }

    /// Ends the consumer thread after the queued chunks, and waits for it.
    func close() {
        condition.lock()
        defer { condition.unlock() }
        closing = true
        condition.broadcast()
        while !stopped { condition.wait() }
    }

    private func consume() {
        while let (buffer, count) = nextFilled() {
            // After a failure the rest is only drained, so the producer never waits forever.
            if condition.withLock({ failure == nil }) {
                do {
                    try consumer(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                } catch {
                    condition.withLock { failure = error }
                }
            }
            condition.withLock {
                free.append(buffer)
                condition.broadcast()
            }
        }
    }

    private func nextFilled() -> (UnsafeMutableRawBufferPointer, Int)? {
        condition.lock()
        defer { condition.unlock() }
        while filled.isEmpty && !closing { condition.wait() }
        guard !filled.isEmpty else {
            stopped = true
            condition.broadcast()
            return nil
        }
        return filled.removeFirst()
    }
}
