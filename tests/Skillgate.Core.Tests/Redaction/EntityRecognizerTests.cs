using Skillgate.Redaction;

namespace Skillgate.Core.Tests.Redaction;

public sealed class EntityRecognizerTests
{
    private static readonly EntityRecognizer Default = new(new RedactionOptions());

    [Theory]
    [InlineData("mail ana.lee+tag@mail.example.co.uk now", "EMAIL", "ana.lee+tag@mail.example.co.uk")]
    [InlineData("邮箱13800138000@163.com谢谢", "EMAIL", "13800138000@163.com")]
    [InlineData("Call (212) 555-0142 today", "PHONE", "(212) 555-0142")]
    [InlineData("Call 212-555-0142 today", "PHONE", "212-555-0142")]
    [InlineData("Call +1 212 555 0142 today", "PHONE", "+1 212 555 0142")]
    [InlineData("UK: +44 (0)20 7946 0958.", "PHONE", "+44 (0)20 7946 0958")]
    [InlineData("UK mobile 07911 123456 ok", "PHONE", "07911 123456")]
    [InlineData("DE: +49 30 1234567", "PHONE", "+49 30 1234567")]
    [InlineData("手机：138-0013-8000。", "PHONE", "138-0013-8000")]
    [InlineData("身份证11010519491231002X，", "CN_RESIDENT_ID", "11010519491231002X")]
    [InlineData("card 5500-0000-0000-0004 exp", "CREDIT_CARD", "5500-0000-0000-0004")]
    [InlineData("amex 3782 822463 10005.", "CREDIT_CARD", "3782 822463 10005")]
    [InlineData("unionpay 6212345678901232 ", "CREDIT_CARD", "6212345678901232")]
    [InlineData("IBAN GB82 WEST 1234 5698 7654 32 thanks", "IBAN", "GB82 WEST 1234 5698 7654 32")]
    [InlineData("addr 10.0.0.1:8080 up", "IP_ADDRESS", "10.0.0.1")]
    [InlineData("server 10.0.0.1 is down", "IP_ADDRESS", "10.0.0.1")]
    [InlineData("ingress controller 10.0.0.5 timed out", "IP_ADDRESS", "10.0.0.5")]
    [InlineData("see href 10.0.0.6", "IP_ADDRESS", "10.0.0.6")]
    [InlineData("host ::1 only", "IP_ADDRESS", "::1")]
    [InlineData("[fe80::1ff:fe23:4567:890a]:22", "IP_ADDRESS", "fe80::1ff:fe23:4567:890a")]
    [InlineData("key AKIAIOSFODNN7EXAMPLE here", "SECRET", "AKIAIOSFODNN7EXAMPLE")]
    [InlineData("slack xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx end", "SECRET", "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx")]
    [InlineData("jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln;", "SECRET", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln")]
    [InlineData("cut: -----BEGIN PRIVATE KEY-----\nMIIEvQ\nBgkq and more", "SECRET", "-----BEGIN PRIVATE KEY-----\nMIIEvQ\nBgkq")]
    [InlineData("{\"k\": \"-----BEGIN PRIVATE KEY-----\\nMIIEvQ\\nBgkq\"}", "SECRET", "-----BEGIN PRIVATE KEY-----\\nMIIEvQ\\nBgkq")]
    [InlineData("-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIB\n-----END EC PRIVATE KEY-----\n", "SECRET", "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIB\n-----END EC PRIVATE KEY-----")]
    public void Recognize_Positive_FindsExactSpan(string text, string type, string value)
    {
        var entity = Assert.Single(Default.Recognize(text));

        Assert.Equal(type, entity.Type);
        Assert.Equal(value, entity.Text);
        Assert.Equal(text.IndexOf(value, StringComparison.Ordinal), entity.Start);
        Assert.Equal(entity.Start + value.Length, entity.End);
    }

    [Theory]
    [InlineData("order 749-0186047-5930424 shipped")]
    [InlineData("tracking 1Z999AA10123456784")]
    [InlineData("uuid 123e4567-e89b-12d3-a456-426614174000")]
    [InlineData("running 10.0.19041.1 and 6.1.7600.16385")]
    [InlineData("version 2.1.0.5 installed")]
    [InlineData("\"assemblyVersion\": \"10.0.0.0\", \"fileVersion\": \"1.0.0.16\"")]
    [InlineData("System.Runtime, Version=4.0.0.0, Culture=neutral; Upgrade V8 to 3.6.6.25")]
    [InlineData("see Section 14.8.2.2 and (OID 1.3.101.112)")]
    [InlineData("$Id: strftime.c,v 1.10.2.3 2005/11/04; v8: upgrade 3.21.18.3; roll V8 back to 3.9.24.31")]
    [InlineData("ts 1712391250102 and 1652658197")]
    [InlineData("at 2024-05-24 02:17:18 or 12:30:45")]
    [InlineData("sha d8b43010e6d341377d3aa04980e55c488286c84e")]
    [InlineData("card 4111 1111 1111 1112")]
    [InlineData("id 110105194912310021")]
    [InlineData("id 110105194902300028")]
    [InlineData("IBAN GB83 WEST 1234 5698 7654 32")]
    [InlineData("mac 00:1A:2B:3C:4D:5E")]
    [InlineData("code std::vector<int> and Foo::Bar and a::b")]
    [InlineData("use scikit sk-learn please and task-ant-farm")]
    [InlineData("icon@2x.png @types/node@20.11.5 user@localhost")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMIIBIjAN\n-----END PUBLIC KEY-----")]
    [InlineData("eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxIn0.c2ln")]
    [InlineData("会员号1341463633，验证码9530，金额12345678.90")]
    public void Recognize_HardNegative_FindsNothing(string text)
    {
        Assert.Empty(Default.Recognize(text));
    }

    [Fact]
    public void Recognize_AfterSurrogatePairs_OffsetsAreUtf16()
    {
        const string Text = "😀👍 ana@example.com";

        var entity = Assert.Single(Default.Recognize(Text));

        Assert.Equal(5, entity.Start);
        Assert.Equal(Text.Length, entity.End);
    }

    [Fact]
    public void Recognize_CustomRecognizerWithContextAndValidator_OnlyValidMatchesNearContext()
    {
        var options = new RedactionOptions();
        var custom = new CustomRecognizerOptions { Type = "EMPLOYEE_ID", Pattern = @"\bE\d{6}\b", ValidatorFunc = v => v[^1] != '0', ContextWindow = 12 };
        custom.ContextWords.Add("employee");
        custom.ContextWords.Add("工号");
        options.CustomRecognizers.Add(custom);
        var recognizer = new EntityRecognizer(options);

        var found = recognizer.Recognize("Employee E123456; room E654321; 工号 E111110; employee E222222 and ana@example.com");

        Assert.Equal(["E123456", "E222222", "ana@example.com"], found.Select(e => e.Text));
        Assert.Equal("EMPLOYEE_ID", found[0].Type);
    }

    [Fact]
    public void Recognize_NamedValidatorFromConfiguration_Applied()
    {
        var options = new RedactionOptions();
        options.CustomRecognizers.Add(new CustomRecognizerOptions { Type = "LOYALTY_CARD", Pattern = @"\bLC\d{8}\b", Validator = "luhn" });
        var recognizer = new EntityRecognizer(options);

        Assert.Equal(["LC00000018"], recognizer.Recognize("LC00000018 LC00000019").Select(e => e.Text));
    }

    [Fact]
    public void Recognize_CustomOverlapsBuiltIn_LongerWins()
    {
        var options = new RedactionOptions();
        options.CustomRecognizers.Add(new CustomRecognizerOptions { Type = "ACCOUNT", Pattern = @"acct:\S+@\S+\.com" });
        var recognizer = new EntityRecognizer(options);

        var entity = Assert.Single(recognizer.Recognize("see acct:ana@example.com now"));

        Assert.Equal("ACCOUNT", entity.Type);
    }

    [Fact]
    public void Recognize_AllowListAndDisabledTypes_Skipped()
    {
        var options = new RedactionOptions();
        options.AllowList.Add("Support@Example.com");
        options.DisabledEntityTypes.Add(EntityTypes.IpAddress);
        var recognizer = new EntityRecognizer(options);

        var found = recognizer.Recognize("support@example.com, ana@example.com, 10.0.0.1");

        Assert.Equal(["ana@example.com"], found.Select(e => e.Text));
    }

    [Theory]
    [InlineData("lower", "x", null, "Type")]
    [InlineData("OK", "", null, "Pattern")]
    [InlineData("OK", "(", null, "Pattern")]
    [InlineData("OK", "x", "crc32", "Validator")]
    public void Constructor_BadCustomRecognizer_NamesTheKey(string type, string pattern, string? validator, string key)
    {
        var options = new RedactionOptions();
        options.CustomRecognizers.Add(new CustomRecognizerOptions { Type = type, Pattern = pattern, Validator = validator });

        var ex = Assert.Throws<ArgumentException>(() => new EntityRecognizer(options));

        Assert.Contains($"Skillgate:Redaction:CustomRecognizers:0:{key}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_UnknownDisabledType_Fails()
    {
        var options = new RedactionOptions();
        options.DisabledEntityTypes.Add("PASSPORT");

        Assert.Throws<ArgumentException>(() => new EntityRecognizer(options));
    }
}
