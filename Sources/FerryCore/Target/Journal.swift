/// The record of one transaction on a target, written and fsynced before the first file
/// is touched and removed after the last, so that any ferry command that finds it can
/// finish the transaction.
struct Journal: Sendable {
    /// "apply" or "rollback", for messages.
    let operation: String
    /// The state before; its files are backed up under its version.
    let previous: TargetState?
    /// The state after.
    let next: TargetState
    /// The staging folder's name inside the state folder's staging area.
    let staging: String
    /// What happens to each path, deletions first.
    let steps: [Step]

    /// One path's change: the old content (to back up) and the staged new content.
    struct Step: Sendable, Codable {
        /// The path in the target.
        let path: String
        /// The hash the path holds before, if any; that content is backed up.
        let old: Digest?
        /// The hash it holds after; nil when the path is deleted.
        let new: Digest?
        /// The staged file that becomes the path; nil for a deletion.
        let staged: String?
    }

    var json: JSONText {
        .object([
            ("format", .integer(1)),
            ("operation", .string(operation)),
            ("staging", .string(staging)),
            ("previous", previous.map(\.json)),
            ("next", next.json),
            ("steps", .array(steps.map(Journal.json))),
        ])
    }

    private static func json(_ step: Step) -> JSONText {
        .object([
            ("path", .string(step.path)),
            ("old", step.old.map { .string($0.hex) }),
            ("new", step.new.map { .string($0.hex) }),
            ("staged", step.staged.map { .string($0) }),
        ])
    }
}

extension Journal: Decodable {
    private enum CodingKeys: String, CodingKey {
        case format, operation, staging, previous, next, steps
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard try container.decode(Int.self, forKey: .format) == 1 else {
            throw DecodingError.dataCorruptedError(
                forKey: .format, in: container, debugDescription: "unknown format")
        }
        operation = try container.decode(String.self, forKey: .operation)
        staging = try container.decode(String.self, forKey: .staging)
        previous = try container.decodeIfPresent(TargetState.self, forKey: .previous)
        next = try container.decode(TargetState.self, forKey: .next)
        steps = try container.decode([Step].self, forKey: .steps)
        for step in steps where TreePath.problem(with: step.path) != nil {
            throw DecodingError.dataCorruptedError(
                forKey: .steps, in: container, debugDescription: "bad path")
        }
    }
}
