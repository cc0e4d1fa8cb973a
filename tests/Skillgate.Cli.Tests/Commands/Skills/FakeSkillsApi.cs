using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Skillgate.Cli.Tests.Commands.Skills;

/// <summary>
/// A minimal Skills API on a real loopback Kestrel port, in the official SDK's shapes, for the push/list/pull tests
/// until the simulator serves the Skills API, and for what no honest upstream serves: the skill <c>skill_bomb</c>
/// answers with a zip bomb, <c>skill_escape</c> with an archive whose entry climbs out of the target.
/// </summary>
internal sealed class FakeSkillsApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, List<(string Version, Dictionary<string, byte[]> Files)>> _skills = new();
    private int _next;

    private FakeSkillsApi(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every request as "METHOD path".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<FakeSkillsApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeSkillsApi(app);
        app.Use(async (context, next) =>
        {
            fake.Requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
            if (context.Request.Headers["anthropic-beta"] != "skills-2025-10-02" || context.Request.Headers["x-api-key"] != "test-key")
            {
                await Error(context, 400, "invalid_request_error", "missing beta header or key");
                return;
            }

            await next(context);
        });
        app.MapPost("/v1/skills", fake.CreateAsync);
        app.MapPost("/v1/skills/{id}/versions", fake.CreateVersionAsync);
        app.MapGet("/v1/skills", fake.List);
        app.MapGet("/v1/skills/{id}", fake.GetAsync);
        app.MapGet("/v1/skills/{id}/versions/{version}/content", fake.ContentAsync);
        await app.StartAsync();
        fake.BaseAddress = new Uri(app.Urls.First());
        return fake;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task CreateAsync(HttpContext context)
    {
        var files = await FilesAsync(context);
        if (files is null)
        {
            return;
        }

        var id = $"skill_{Interlocked.Increment(ref _next):D4}";
        var version = NewVersion();
        _skills[id] = [(version, files)];
        var title = context.Request.Form["display_name"].FirstOrDefault() ?? files.Keys.First().Split('/')[0];
        await context.Response.WriteAsync(Skill(id, title, version).ToJsonString());
    }

    private async Task CreateVersionAsync(HttpContext context, string id)
    {
        if (!_skills.TryGetValue(id, out var versions))
        {
            await Error(context, 404, "not_found_error", $"skill {id} not found");
            return;
        }

        var files = await FilesAsync(context);
        if (files is null)
        {
            return;
        }

        var version = NewVersion();
        versions.Add((version, files));
        await context.Response.WriteAsync(new JsonObject { ["type"] = "skill_version", ["id"] = version, ["skill_id"] = id, ["name"] = files.Keys.First().Split('/')[0] }.ToJsonString());
    }

    private IResult List(int? limit) => Results.Text(new JsonObject
    {
        ["data"] = new JsonArray([.. _skills.OrderBy(s => s.Key, StringComparer.Ordinal).Take(limit ?? 20).Select(s => (JsonNode)Skill(s.Key, s.Key, s.Value[^1].Version))]),
        ["has_more"] = false,
        ["next_page"] = null,
    }.ToJsonString(), "application/json");

    private async Task GetAsync(HttpContext context, string id)
    {
        if (id is "skill_bomb" or "skill_escape")
        {
            await context.Response.WriteAsync(Skill(id, id, "1").ToJsonString());
        }
        else if (_skills.TryGetValue(id, out var versions))
        {
            await context.Response.WriteAsync(Skill(id, id, versions[^1].Version).ToJsonString());
        }
        else
        {
            await Error(context, 404, "not_found_error", $"skill {id} not found");
        }
    }

    private async Task ContentAsync(HttpContext context, string id, string version)
    {
        Dictionary<string, byte[]>? files = id switch
        {
            "skill_bomb" => new() { ["bomb/SKILL.md"] = "---\nname: bomb\ndescription: d\n---\n"u8.ToArray(), ["bomb/zeros.bin"] = new byte[100 * 1024 * 1024] },
            "skill_escape" => new() { ["escape/SKILL.md"] = "x"u8.ToArray(), ["escape/../../evil.txt"] = "evil"u8.ToArray() },
            _ => _skills.TryGetValue(id, out var versions) ? versions.FirstOrDefault(v => v.Version == version).Files : null,
        };
        if (files is null)
        {
            await Error(context, 404, "not_found_error", $"skill {id} version {version} not found");
            return;
        }

        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                entry.Write(content);
            }
        }

        context.Response.ContentType = "application/zip";
        await context.Response.Body.WriteAsync(stream.ToArray());
    }

    private static async Task<Dictionary<string, byte[]>?> FilesAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in form.Files.Where(f => f.Name == "files[]"))
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer);
            files[file.FileName] = buffer.ToArray();
        }

        var tops = files.Keys.Select(k => k.Split('/')[0]).Distinct().ToList();
        if (files.Count == 0 || tops.Count != 1 || !files.ContainsKey($"{tops[0]}/SKILL.md"))
        {
            await Error(context, 400, "invalid_request_error", "files must share one top-level folder holding SKILL.md");
            return null;
        }

        return files;
    }

    private string NewVersion() => $"skillver_{Interlocked.Increment(ref _next):D4}";

    private static JsonObject Skill(string id, string title, string version) => new()
    {
        ["type"] = "skill",
        ["id"] = id,
        ["display_name"] = title,
        ["latest_version_id"] = version,
        ["source"] = "custom",
        ["created_at"] = "2026-01-01T00:00:00Z",
        ["updated_at"] = "2026-01-01T00:00:00Z",
    };

    private static async Task Error(HttpContext context, int status, string type, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject
        {
            ["type"] = "error",
            ["error"] = new JsonObject { ["type"] = type, ["message"] = message },
        }.ToJsonString());
    }
}
