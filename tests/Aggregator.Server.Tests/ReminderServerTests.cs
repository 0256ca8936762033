using System.Collections.Concurrent;
using System.Text.Json;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Mapping;
using Aggregator.Testing.Synthetic;
using Aggregator.Queries;
using Aggregator.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Aggregator.Server.Tests;

/// <summary>A local HTTP receiver for webhooks: records every body; answers 500 to the units listed in <see cref="FailOnce"/> the first time.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    public WebhookReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            var unit = JsonDocument.Parse(body).RootElement.TryGetProperty("unit_id", out var u) ? u.GetString() ?? "" : "";
            if (FailOnce.TryRemove(unit, out _))
            {
                return Results.StatusCode(500);
            }

            Bodies.Enqueue(body);
            return Results.Ok();
        });
        _app.Start();
        Url = _app.Urls.Single() + "/hook";
    }

    public string Url { get; }

    public ConcurrentQueue<string> Bodies { get; } = new();

    public ConcurrentDictionary<string, byte> FailOnce { get; } = new();

    /// <summary>The bodies received so far as JSON, for the units of 荆门市 (the test registry has synthetic cities too).</summary>
    public List<JsonElement> Jingmen() =>
        [.. Bodies.Select(b => JsonDocument.Parse(b).RootElement).Where(e => e.GetProperty("parent_id").GetString() == "4208")];

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

/// <summary>The server on a fake clock with reminders 3 days before and 1 day after the deadline, to a local receiver.</summary>
public sealed class ReminderServerFixture : ServerFixture
{
    /// <summary>2022-03-01 in Shanghai: no reminder is due (the 2021 deadline of governments is 2022-03-31).</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2022, 3, 1, 10, 0, 0, TimeSpan.FromHours(8)));

    public WebhookReceiver Receiver { get; } = new();

    protected override bool UseRedisServer => false;

    protected override void ConfigureBuilder(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TimeProvider>(Clock);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aggregator:Reminders:WebhookUrl"] = Receiver.Url,
            ["Aggregator:Reminders:DaysBefore:0"] = "3",
            ["Aggregator:Reminders:DaysAfter:0"] = "1",
            ["Aggregator:Reminders:Years:0"] = "2021",
            // Never due again within the test: the passes are the test's own (the service also runs one at start, on 2022-03-01).
            ["Aggregator:Reminders:CheckInterval"] = "3650.00:00:00",
        });
    }

    public ReminderService Reminders => App.Services.GetRequiredService<ReminderService>();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

public sealed class ReminderServerTests(ReminderServerFixture fixture) : IClassFixture<ReminderServerFixture>
{
    private static readonly string[] s_jingmen = ["420802", "420804", "420822", "420881", "420882", "jingmen-hitech", "jingmen-qujialing", "jingmen-zhanghe"];

    [Fact]
    public async Task Reminders_OnTheConfiguredDays_OncePerUnitAndDay_OnlyToUnitsNotSubmitted()
    {
        var receiver = fixture.Receiver;
        var report = SyntheticReports.Create(new UnitId("420804"), new ReportYear(2021), new Random(7));
        await fixture.Submissions.SubmitAsync(new SubmitRequest { Report = ReportMapper.ToProto(report), IdempotencyKey = "reminders-420804" }, fixture.As("420804", Roles.District));

        // 2022-03-01: 30 days before, not a reminder day.
        await fixture.Reminders.RunOnceAsync(CancellationToken.None);
        Assert.Empty(receiver.Jingmen());

        // 2022-03-28: 3 days before. Every unit of 荆门市 but 420804 (submitted); 420802's first call fails (500).
        receiver.FailOnce["420802"] = 0;
        fixture.Clock.Advance(TimeSpan.FromDays(27));
        await fixture.Reminders.RunOnceAsync(CancellationToken.None);
        var first = receiver.Jingmen();
        Assert.Equal(s_jingmen.Except(["420804", "420802"]), first.Select(e => e.GetProperty("unit_id").GetString()).Order(StringComparer.Ordinal));
        var zhanghe = first.Single(e => e.GetProperty("unit_id").GetString() == "jingmen-zhanghe");
        Assert.Equal("aggregator.reminder", zhanghe.GetProperty("event").GetString());
        Assert.Equal(3, zhanghe.GetProperty("days_to_deadline").GetInt32());
        Assert.Equal("2022-03-31", zhanghe.GetProperty("deadline").GetString());
        Assert.Equal("漳河新区党政办公室(示例)", zhanghe.GetProperty("contact").GetString());
        Assert.Equal("【催报】漳河新区(jingmen-zhanghe)2021 年度政府信息公开工作年度报告尚未报送,截止日期 2022-03-31(还剩 3 天)。", zhanghe.GetProperty("text").GetString());

        // The same day again, and another replica on the same store: only the failed one is sent, once.
        await fixture.Reminders.RunOnceAsync(CancellationToken.None);
        var replica = ActivatorUtilities.CreateInstance<ReminderService>(fixture.App.Services);
        await replica.RunOnceAsync(CancellationToken.None);
        var sameDay = receiver.Jingmen();
        Assert.Equal(s_jingmen.Except(["420804"]), sameDay.Select(e => e.GetProperty("unit_id").GetString()).Order(StringComparer.Ordinal));

        // 2022-03-29: 2 days before, not configured.
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        await fixture.Reminders.RunOnceAsync(CancellationToken.None);
        Assert.Equal(sameDay.Count, receiver.Jingmen().Count);

        // 2022-04-01 (Shanghai), 1 day after the deadline: the units still missing, as late.
        fixture.Clock.Advance(TimeSpan.FromDays(3));
        await fixture.Reminders.RunOnceAsync(CancellationToken.None);
        var late = receiver.Jingmen().Skip(sameDay.Count).ToList();
        Assert.Equal(s_jingmen.Except(["420804"]), late.Select(e => e.GetProperty("unit_id").GetString()).Order(StringComparer.Ordinal));
        Assert.All(late, e => Assert.Equal(1, e.GetProperty("days_late").GetInt32()));
        Assert.Contains("已逾期 1 天尚未报送", late[0].GetProperty("text").GetString());
    }

    [Fact]
    public void Payload_DingTalkTemplate_IsValidJsonWithTheEscapedText()
    {
        var reminder = new Reminder(new UnitStatusEntry { UnitId = "x\"1", UnitName = "东宝区\n", Status = UnitStatus.Returned }, 2021, new DateOnly(2022, 3, 31), -2);

        var body = ReminderPayload.Render(reminder, """{"msgtype":"text","text":{"content":"{{text}}"}}""");

        using var doc = JsonDocument.Parse(body);
        Assert.Equal("text", doc.RootElement.GetProperty("msgtype").GetString());
        Assert.Equal(reminder.Text, doc.RootElement.GetProperty("text").GetProperty("content").GetString());
        Assert.Contains("已逾期 2 天被退回后尚未重新报送", reminder.Text);
    }

    [Fact]
    public void Options_TemplateThatIsNotJson_FailsValidationNamingTheSetting()
    {
        var result = new ReminderOptionsValidator().Validate(null, new ReminderOptions { WebhookUrl = "http://127.0.0.1:1/hook", PayloadTemplate = "{\"content\": {{text}}}" });

        Assert.True(result.Failed);
        Assert.Contains("Aggregator:Reminders:PayloadTemplate", result.FailureMessage);
    }
}
