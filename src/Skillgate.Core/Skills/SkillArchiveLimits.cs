namespace Skillgate.Skills;

/// <summary>
/// Caps on a skill archive being extracted (<see cref="SkillArchive.Extract"/>), so that a hostile or broken zip (a
/// zip bomb, thousands of entries) fails with a clear error before it fills the disk.
/// </summary>
public sealed class SkillArchiveLimits
{
    /// <summary>The most entries (files and folders). Default 2,000.</summary>
    public int MaxEntries { get; set; } = 2_000;

    /// <summary>The most bytes all files may add up to once extracted. Default 64 MiB (an upload is at most 8 MiB).</summary>
    public long MaxTotalBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// The highest ratio of extracted to compressed size, for any file larger than <see cref="RatioThresholdBytes"/>
    /// and for the archive as a whole. Default 100 (text compresses about 3 to 10 times; a zip bomb thousands of times).
    /// </summary>
    public double MaxCompressionRatio { get; set; } = 100;

    /// <summary>Files up to this size are not held to <see cref="MaxCompressionRatio"/> (a small file of one repeated character is no bomb). Default 1 MiB.</summary>
    public long RatioThresholdBytes { get; set; } = 1024 * 1024;
}
