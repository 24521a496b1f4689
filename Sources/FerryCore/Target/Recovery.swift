/// Finishes a transaction that a crash, kill or power cut interrupted. Every ferry command
/// that touches a target runs this first, under the target's lock.
struct Recovery {
    let target: Target
    let keepBackups: Int

    /// Completes an unfinished journal, if there is one, and clears stale staging files.
    /// Returns the operation it finished, for a message.
    @discardableResult
    func finishInterrupted() throws -> String? {
        guard let journal = try target.journal() else {
            try target.clearStaging()
            try target.removeStaleRecords()
            return nil
        }
        try Transaction(target: target, journal: journal, keepBackups: keepBackups).commit()
        return journal.operation
    }
}
