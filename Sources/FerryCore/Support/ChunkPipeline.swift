import Foundation

/// Hands chunks of bytes from one thread to a consumer running on another, through a few
/// fixed buffers, so that reading and decoding a bundle on one core overlaps with hashing
/// and writing the files on the other. Memory stays at `depth` chunks.
///
/// One pipeline serves a whole bundle: the producer names a consumer with `deliver(to:)`,
/// calls `push` and then `drain`, and may name the next consumer after that. Its buffers and
/// thread are made once, so a bundle of many members does not fault in fresh memory or
/// start a thread for each. A consumer failure is rethrown from the producer's next call
/// and ends the pipeline's work. Whatever happens, `close` must run (a `defer`), so the
/// consumer thread always ends.
final class ChunkPipeline: @unchecked Sendable {
    typealias Consumer = (UnsafeRawBufferPointer) throws -> Void

    private let condition = NSCondition()
    private var consumer: Consumer?
    private var free: [UnsafeMutableRawBufferPointer]
    private var filled: [(UnsafeMutableRawBufferPointer, Int)] = []
    private var failure: Error?
    /// The producer's partly filled buffer, not yet queued.
    private var filling: (UnsafeMutableRawBufferPointer, Int)?
    private var closing = false
    private var stopped = false
    private let buffers: [UnsafeMutableRawBufferPointer]

    /// Starts the consumer thread. Now that every buffer is filled before it is handed over,
    /// all of each is touched: 256 KiB chunks keep the pipeline at 1 MiB of memory, and
    /// larger ones bought no measurable speed.
    init(depth: Int = 4, chunkSize: Int = 256 << 10) {
        buffers = (0..<depth).map { _ in .allocate(byteCount: chunkSize, alignment: 64) }
        free = buffers
        let thread = Thread { [self] in consume() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    deinit {
        for buffer in buffers { buffer.deallocate() }
    }

    /// Sends the chunks pushed from now on to `consumer`; called before the first push and
    /// after each `drain`, never while chunks are queued.
    func deliver(to consumer: @escaping Consumer) {
        condition.withLock { self.consumer = consumer }
    }

    /// Copies `chunk` into the buffer being filled, queueing each buffer once it is full,
    /// and waits while all are in use. Full buffers mean few hand-overs between the threads
    /// and large writes, whatever size of pieces the decoder produces.
    func push(_ chunk: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < chunk.count {
            if filling == nil { filling = (try takeFreeBuffer(), 0) }
            let (buffer, used) = filling!
            let count = min(buffer.count - used, chunk.count - offset)
            UnsafeMutableRawBufferPointer(rebasing: buffer[used..<(used + count)]).copyMemory(
                from: UnsafeRawBufferPointer(rebasing: chunk[offset..<(offset + count)]))
            filling = (buffer, used + count)
            if used + count == buffer.count { queueFilling() }
            offset += count
        }
    }

    private func queueFilling() {
        guard let (buffer, used) = filling else { return }
        filling = nil
        condition.withLock {
            filled.append((buffer, used))
            condition.broadcast()
        }
    }

    private func takeFreeBuffer() throws -> UnsafeMutableRawBufferPointer {
        condition.lock()
        defer { condition.unlock() }
        while free.isEmpty && failure == nil { condition.wait() }
        if let failure { throw failure }
        return free.removeLast()
    }

    /// Waits until the consumer has taken every chunk pushed so far, then rethrows its
    /// failure, if any.
    func drain() throws {
        queueFilling()
        condition.lock()
        defer { condition.unlock() }
        while free.count < buffers.count { condition.wait() }
        if let failure { throw failure }
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
        while let (buffer, count, consumer) = nextFilled() {
            // After a failure the rest is only drained, so the producer never waits forever.
            do {
                try consumer?(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            } catch {
                condition.withLock { failure = error }
            }
            condition.withLock {
                free.append(buffer)
                condition.broadcast()
            }
        }
    }

    /// The next queued chunk and the consumer it goes to (none after a failure).
    private func nextFilled() -> (UnsafeMutableRawBufferPointer, Int, Consumer?)? {
        condition.lock()
        defer { condition.unlock() }
        while filled.isEmpty && !closing { condition.wait() }
        guard !filled.isEmpty else {
            stopped = true
            condition.broadcast()
            return nil
        }
        let (buffer, count) = filled.removeFirst()
        return (buffer, count, failure == nil ? consumer : nil)
    }
}
