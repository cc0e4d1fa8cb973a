namespace Skillgate.Protocol;

/// <summary>Thrown inside <see cref="MessageRequestParser"/> when a field is missing or has the wrong type.</summary>
internal sealed class RequestFieldException(string message) : Exception(message);
