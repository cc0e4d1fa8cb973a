using System.Text.Json.Serialization;

namespace Skillgate.Context;

/// <summary>Source-generated JSON for the Redis store's list elements.</summary>
[JsonSerializable(typeof(StoredEntry))]
internal sealed partial class RedisJsonContext : JsonSerializerContext;
