/// The target is not in the state the bundle or command needs.
public enum TargetError: FerryError {
    /// The target folder does not exist.
    case noTarget(String)
    /// Another ferry process holds the lock.
    case locked(String)
    /// The bundle is for another channel.
    case wrongChannel(bundle: String, target: String)
    /// The bundle is older than what is installed.
    case downgrade(bundle: Int, installed: Int)
    /// The bundle starts from another version than the installed one.
    case wrongBase(from: Int, installed: Int?)
    /// The bundle's `from` tree is not the installed tree.
    case wrongBaseTree(Int)
    /// The bundle has expired.
    case expired(String)
    /// Installed files differ from what the bundle expects.
    case changedFiles([String])
    /// A file in the way is not managed by ferry.
    case unmanagedFile(String)
    /// No backup to roll back to.
    case noBackup(Int?)
    /// A backup lacks content it needs.
    case backupIncomplete(Int, String)
    /// Nothing is installed yet.
    case nothingInstalled(String)

    /// Expired, downgraded and foreign bundles are verification failures; the rest are
    /// about the target's state.
    public var kind: FailureKind {
        switch self {
        case .wrongChannel, .downgrade, .expired: return .verification
        default: return .targetState
        }
    }

    /// One sentence.
    public var description: String {
        switch self {
        case .noTarget(let path):
            return "the target \(path) is not an existing folder; check the --target path"
        case .locked(let path):
            return
                "another ferry process holds \(path); wait for it to finish or run "
                + "without --no-wait"
        case .wrongChannel(let bundle, let target):
            return "the bundle is for channel '\(bundle)', but the target follows '\(target)'"
        case .downgrade(let bundle, let installed):
            return
                "the bundle brings version \(bundle), older than the installed "
                + "\(installed); refusing to downgrade (use rollback to go back)"
        case .wrongBase(let from, let installed):
            let has = installed.map { "version \($0) is installed" } ?? "nothing is installed yet"
            let fix = installed.map { "pack one with --since \($0)" } ?? "apply a full bundle first"
            return "the bundle updates from version \(from), but \(has); \(fix)"
        case .wrongBaseTree(let version):
            return
                "the installed version \(version) does not have the files the bundle was "
                + "made from; apply a full bundle"
        case .expired(let time): return "the bundle expired at \(time); ask for a fresh one"
        case .changedFiles(let paths):
            let shown =
                paths.prefix(5).joined(separator: ", ")
                + (paths.count > 5 ? " and \(paths.count - 5) more" : "")
            return
                "installed files were changed locally: \(shown); restore them (ferry "
                + "status --check lists them) or roll back"
        case .unmanagedFile(let path):
            return
                "\(path) is in the way and is not managed by ferry; move it elsewhere "
                + "and apply again"
        case .noBackup(let version):
            return version.map {
                "there is no backup of version \($0); ferry status lists the backups kept"
            }
                ?? "there is no backup older than the installed version to roll back to"
        case .backupIncomplete(let version, let path):
            return
                "the backup of version \(version) lacks the content of \(path); it "
                + "cannot be restored"
        case .nothingInstalled(let path):
            return "nothing is installed in \(path) yet; apply a full bundle first"
        }
    }
}
