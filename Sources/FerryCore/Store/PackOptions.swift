/// What `pack` is asked to write.
public struct PackOptions: Sendable {
    /// The version the offline machine has, or nil for a full bundle.
    public var from: Int?
    /// The version to bring it to; nil means the latest.
    public var to: Int?
    /// The zstd level (1–22).
    public var level: Int
    /// The codec for whole files: `.zstd` (smallest) or `.gzip` (for auditors without zstd).
    public var codec: Codec
    /// When the bundle is made, UTC seconds since 1970.
    public var created: Int
    /// How long the bundle stays valid, in seconds; nil for ever.
    public var lifetime: Int?

    /// The default zstd level: the smallest bundles at a speed that suits hourly releases.
    public static let defaultLevel = 19

    /// Makes options.
    public init(
        from: Int?, to: Int?, level: Int = defaultLevel, codec: Codec = .zstd, created: Int,
        lifetime: Int? = nil
    ) {
        self.from = from
        self.to = to
        self.level = level
        self.codec = codec
        self.created = created
        self.lifetime = lifetime
    }
}
