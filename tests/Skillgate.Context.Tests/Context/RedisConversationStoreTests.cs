using Skillgate.Context;
using Skillgate.Redis;
using Skillgate.Testing;

namespace Skillgate.Core.Tests.Context;

public sealed class RedisConversationStoreTests(RedisServerFixture redis) : ConversationStoreTests, IClassFixture<RedisServerFixture>
{
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..8] + ":";

    protected override IConversationStore CreateStore() => RedisStores.CreateConversationStore(redis.Connection, _prefix);
}
