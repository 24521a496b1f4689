/// The checks on a verified manifest that need only the target's state: the channel,
/// the direction of the versions, and the expiry, in that order.
struct BundleAdmission {
    let manifest: Manifest
    let state: TargetState?
    let now: Int

    /// Whether the bundle's version is already installed; throws when the bundle may not
    /// be applied at all.
    func isUpToDate() throws -> Bool {
        if let state, state.channel != manifest.channel {
            throw TargetError.wrongChannel(bundle: manifest.channel, target: state.channel)
        }
        if let state, manifest.to.version < state.version {
            throw TargetError.downgrade(bundle: manifest.to.version, installed: state.version)
        }
        if let state, manifest.to.version == state.version {
            // The same number with other files is not "up to date": it is a different release.
            guard manifest.to.tree == state.tree.hash else {
                throw TargetError.wrongBaseTree(state.version)
            }
            return true
        }
        try checkBase()
        if let expires = manifest.expires, expires <= now {
            throw TargetError.expired(Timestamp.format(expires))
        }
        return false
    }

    private func checkBase() throws {
        guard let from = manifest.from else { return }
        guard let state, state.version == from.version else {
            throw TargetError.wrongBase(from: from.version, installed: state?.version)
        }
        guard state.tree.hash == from.tree else { throw TargetError.wrongBaseTree(state.version) }
    }
}
