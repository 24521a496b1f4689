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

    /// The level for patches when none is given: for small members the strongest level
    /// costs little time and buys the smallest bundles.
    public static let defaultPatchLevel = 19
    /// The level for patches of large members when none is given. On large files the
    /// strongest levels take ten to thirty times longer for a few kilobytes less, since the
    /// long-distance matcher finds the old content at any level.
    public static let defaultLargePatchLevel = 9
    /// A patch member with more new content than this counts as large.
    public static let largePatch = 16 << 20
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

    /// The level for a `zstd-patch` member producing `size` bytes.
    func patchLevel(size: Int) -> Int {
        level
            ?? (size > PackOptions.largePatch
                ? PackOptions.defaultLargePatchLevel : PackOptions.defaultPatchLevel)
    }

    /// The level for whole-content members.
    var wholeLevel: Int {
        level
            ?? (wholeContentSize > PackOptions.largeContent
                ? PackOptions.defaultLargeLevel : PackOptions.defaultSmallLevel)
    }
}
