import Foundation

/// What `pack` is asked to write.
public struct PackOptions: Sendable {
    /// The version the offline machine has, or nil for a full bundle.
    public var from: Int?
    /// The version to bring it to; nil means the latest.
    public var to: Int?
    /// The zstd level (1–22), or nil to let pack choose (see `patchLevel`, `wholeLevel`).
    public var level: Int?
    /// The codec for whole files: `.zstd` (smallest) or `.gzip` (for auditors without zstd).
    public var codec: Codec
    /// When the bundle is made, UTC seconds since 1970.
    public var created: Int
    /// How long the bundle stays valid, in seconds; nil for ever.
    public var lifetime: Int?
    /// Compression threads; the bundle's bytes do not depend on it.
    public var threads = ProcessInfo.processInfo.activeProcessorCount

    /// The level for patches when none is given. Updates are what travel every day, so
    /// their size matters more than pack's time: on the benchmark's 16 MB signature file,
    /// level 19 made a patch 13% smaller than level 9, at about 1 MB/s instead of 80 MB/s.
    public static let defaultPatchLevel = 19
    /// The level for whole content when none is given and there is little of it.
    public static let defaultSmallLevel = 19
    /// The level for whole content when none is given and there is a lot of it (a full
    /// bundle of a large tree), so pack keeps up with the disk.
    public static let defaultLargeLevel = 3
    /// Whole content beyond this many bytes in one bundle counts as "a lot".
    public static let largeContent = 64 << 20

    /// The whole content the bundle will compress, set by the packer; it picks the level.
    var wholeContentSize = 0

    /// Makes options.
    public init(
        from: Int?, to: Int?, level: Int? = nil, codec: Codec = .zstd, created: Int,
        lifetime: Int? = nil
    ) {
        self.from = from
        self.to = to
        self.level = level
        self.codec = codec
        self.created = created
        self.lifetime = lifetime
    }

    /// The level for `zstd-patch` members.
    var patchLevel: Int {
        level ?? PackOptions.defaultPatchLevel
    }

    /// The level for whole-content members.
    var wholeLevel: Int {
        level
            ?? (wholeContentSize > PackOptions.largeContent
                ? PackOptions.defaultLargeLevel : PackOptions.defaultSmallLevel)
    }
}
