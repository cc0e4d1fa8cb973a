namespace Skillgate.Simulator.Files;

/// <summary>What a <c>POST /v1/files</c> body carried: the <c>file</c> part and the optional
/// <c>expires_in_seconds</c> field.</summary>
internal sealed record FileUpload(string Filename, string MimeType, byte[] Content, int? ExpiresInSeconds);
