namespace Skillgate.Server.Messages;

/// <summary>Which endpoint a request is for, which decides how its body is checked.</summary>
internal enum RequestKind
{
    /// <summary><c>POST /v1/messages</c>: model, max_tokens and messages required.</summary>
    Messages,

    /// <summary><c>POST /v1/messages/count_tokens</c>: model and messages required.</summary>
    CountTokens,

    /// <summary><c>POST /v1/messages/batches</c>: a requests array required.</summary>
    CreateBatch,

    /// <summary>A request with a JSON body checked for shape only.</summary>
    JsonBody,

    /// <summary>A request without a body (GET, DELETE).</summary>
    NoBody,
}
