using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Skillgate.Context;
using Skillgate.Documents;
using Skillgate.Server.Errors;
using Skillgate.Server.Hosting;
using Skillgate.Server.Messages;
using AnthropicErrorTypes = Skillgate.Protocol.AnthropicErrorTypes;

namespace Skillgate.Server.Conversations;

/// <summary>
/// <c>POST /v1/conversations/{id}/documents</c>: the file as the raw body (<c>Content-Type</c> plus a <c>filename</c>
/// query parameter, an <c>x-filename</c> header or <c>Content-Disposition</c>) or as the first file of a multipart form.
/// Stored once by content hash and attached; views pin it whole or retrieve from its chunks.
/// </summary>
internal sealed class DocumentUploadHandler(ConversationServices services, GatewayOptions options)
{
    public async Task HandleAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        var opened = await services.GetAsync(aborted);
        var found = await ConversationLookup.LoadAsync(context, opened.Store, aborted);
        var (content, fileName) = await ReadUploadAsync(context.Request, aborted);
        if (content.Length == 0)
        {
            throw GatewayException.InvalidRequest("The document is empty.");
        }

        StoredDocument document;
        try
        {
            document = await opened.Documents.PutAsync(content, fileName, aborted);
        }
        catch (DocumentFormatException e)
        {
            throw GatewayException.InvalidRequest(e.Message);
        }

        using var held = services.Locks.TryEnter(found.Key)
            ?? throw new GatewayException(409, AnthropicErrorTypes.InvalidRequest, $"Conversation '{found.Id}' has a turn in progress; attach the document once it has finished.");
        await ConversationLookup.StillThereAsync(opened.Store, found, aborted);
        long version;
        try
        {
            version = await opened.Memory.AttachDocumentAsync(found.Key, document, aborted);
        }
        catch (ConversationConcurrencyException)
        {
            throw new GatewayException(409, AnthropicErrorTypes.InvalidRequest, $"Conversation '{found.Id}' was changed by another writer while the document was attached; retry.");
        }

        // The pin decision is made per view; this is what it will be while the document is the only one attached.
        var budget = new ContextBudget(found.Settings.ContextWindow, found.Settings.MaxTokens ?? services.Options.DefaultMaxTokens);
        var pinned = document.Tokens <= budget.InputBudget * new ConversationMemoryOptions().PinShare;
        await ConversationJson.WriteAsync(context, 200, new JsonObject
        {
            ["type"] = "conversation_document",
            ["conversation_id"] = found.Id,
            ["hash"] = document.Hash,
            ["name"] = document.Name,
            ["media_type"] = document.MediaType,
            ["tokens"] = document.Tokens,
            ["mode"] = pinned ? "pinned" : "chunked",
            ["version"] = version,
        });
    }

    private async Task<(byte[] Content, string FileName)> ReadUploadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(cancellationToken);
            }
            catch (Exception e) when (e is InvalidDataException or (IOException and not BadHttpRequestException) && !cancellationToken.IsCancellationRequested)
            {
                throw GatewayException.InvalidRequest($"The multipart body is malformed: {e.Message}");
            }

            var file = form.Files.Count > 0 ? form.Files[0] : throw GatewayException.InvalidRequest("The multipart form has no file part.");
            if (file.Length > options.MaxRequestBodyBytes)
            {
                throw RequestBody.TooLarge(options.MaxRequestBodyBytes);
            }

            using var copy = new MemoryStream((int)file.Length);
            await file.CopyToAsync(copy, cancellationToken);
            return (copy.ToArray(), DocumentTypes.Resolve(file.FileName, file.ContentType));
        }

        var name = request.Query["filename"].ToString();
        if (name.Length == 0)
        {
            name = request.Headers["x-filename"].ToString();
        }

        if (name.Length == 0 && ContentDispositionHeaderValue.TryParse(request.Headers.ContentDisposition.ToString(), out var disposition))
        {
            name = (disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value?.Trim('"') ?? "";
        }

        var fileName = DocumentTypes.Resolve(name, request.ContentType);
        return (await RequestBody.ReadAsync(request, options.MaxRequestBodyBytes, cancellationToken), fileName);
    }
}
