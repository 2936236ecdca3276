using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Dunning.Core;
using Dunning.Core.Events;
using Dunning.Core.FollowUps;

namespace Dunning.Storage.FollowUps;

/// <summary>The FollowUps table: PartitionKey = lender id, RowKey = follow-up id (sortable by creation time).</summary>
public sealed class TableFollowUpStore(DunningStorage storage) : IFollowUpStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly TableClient table = storage.Table(PipelineNames.FollowUpsTable);

    public async Task<bool> TryCreateAsync(FollowUp followUp, CancellationToken cancellationToken = default)
    {
        try
        {
            await table.AddEntityAsync(ToEntity(followUp), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public async Task<FollowUp?> GetAsync(string lenderId, string id, CancellationToken cancellationToken = default)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(lenderId, TableKeys.Escape(id), cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    public async IAsyncEnumerable<FollowUp> ListAsync(string lenderId, FollowUpStatus? status, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = $"PartitionKey eq {TableKeys.Literal(lenderId)}";
        if (status is { } wanted)
        {
            filter += $" and Status eq {TableKeys.Literal(wanted.ToString())}";
        }

        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return FromEntity(entity);
        }
    }

    public async IAsyncEnumerable<FollowUp> ListCreatedBetweenAsync(
        string lenderId, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = $"PartitionKey eq {TableKeys.Literal(lenderId)} and RowKey ge {TableKeys.Literal(FollowUpIds.LowerBound(from))} and RowKey lt {TableKeys.Literal(FollowUpIds.LowerBound(to))}";
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return FromEntity(entity);
        }
    }

    public async Task<bool> TryUpdateAsync(FollowUp followUp, CancellationToken cancellationToken = default)
    {
        try
        {
            await table.UpdateEntityAsync(ToEntity(followUp), new ETag(followUp.ETag ?? throw new ArgumentException("The follow-up has no ETag.", nameof(followUp))), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private static TableEntity ToEntity(FollowUp f) => new(f.LenderId, TableKeys.Escape(f.Id))
    {
        ["Kind"] = f.Kind.ToString(),
        ["Status"] = f.Status.ToString(),
        ["BorrowerId"] = f.BorrowerId,
        ["PhoneHash"] = f.PhoneHash,
        ["Text"] = f.Text,
        ["TextExpiresAt"] = f.TextExpiresAt,
        ["Installments"] = f.Installments.Count == 0 ? null : JsonSerializer.Serialize(f.Installments, Json),
        ["CreatedAt"] = f.CreatedAt,
        ["ClosedAt"] = f.ClosedAt,
        ["Outcome"] = f.Outcome,
        ["StaffReplies"] = f.StaffReplies.Count == 0 ? null : JsonSerializer.Serialize(f.StaffReplies, Json),
        ["ReadingIntent"] = f.Reading?.Intent.ToString(),
        ["ReadingDoubt"] = f.Reading?.Doubt.ToString(),
        ["ReadingAlsoAsked"] = f.Reading is { AlsoAsked.Count: > 0 } r ? string.Join(",", r.AlsoAsked) : null,
        ["ReadingLanguage"] = f.Reading?.Language,
        ["ReadingPhrase"] = f.Reading?.Phrase,
        ["ReadingWords"] = f.Reading?.MatchedWords,
        ["ReadingWordsExpireAt"] = f.Reading?.WordsExpireAt,
        ["PromisedDate"] = f.PromisedDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    /// <summary>A calendar day has no table type (a DateTime would be an instant): it is kept as ISO text, absent on older rows.</summary>
    private static DateOnly? PromisedDateFrom(TableEntity e) =>
        DateOnly.TryParseExact(e.GetString("PromisedDate"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    /// <summary>
    /// Rows written before readings were kept have no Reading columns: their reading is null ("not recorded"). A value
    /// this build cannot name (a newer intent or doubt) is read as no reading rather than making the row unreadable.
    /// </summary>
    private static ReplyReading? ReadingFrom(TableEntity e)
    {
        if (!Enum.TryParse<ReplyIntent>(e.GetString("ReadingIntent"), out var intent)
            || !Enum.TryParse<ReplyDoubt>(e.GetString("ReadingDoubt") ?? nameof(ReplyDoubt.None), out var doubt))
        {
            return null;
        }

        var alsoAsked = new List<ReplyIntent>();
        foreach (var name in (e.GetString("ReadingAlsoAsked") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<ReplyIntent>(name, out var also))
            {
                return null;
            }

            alsoAsked.Add(also);
        }

        return new ReplyReading(
            intent, doubt, alsoAsked, e.GetString("ReadingLanguage"), e.GetString("ReadingPhrase"), e.GetString("ReadingWords"),
            e.GetDateTimeOffset("ReadingWordsExpireAt"));
    }

    private static FollowUp FromEntity(TableEntity e) => new()
    {
        Id = TableKeys.Unescape(e.RowKey),
        LenderId = e.PartitionKey,
        Kind = Enum.Parse<FollowUpKind>(e.GetString("Kind")),
        Status = Enum.Parse<FollowUpStatus>(e.GetString("Status")),
        BorrowerId = e.GetString("BorrowerId"),
        PhoneHash = e.GetString("PhoneHash") ?? string.Empty,
        Text = e.GetString("Text"),
        TextExpiresAt = e.GetDateTimeOffset("TextExpiresAt"),
        Installments = e.GetString("Installments") is { } json
            ? JsonSerializer.Deserialize<List<FollowUpInstallment>>(json, Json) ?? []
            : [],
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        ClosedAt = e.GetDateTimeOffset("ClosedAt"),
        ETag = e.ETag.ToString(),
        Outcome = e.GetString("Outcome"),
        StaffReplies = e.GetString("StaffReplies") is { } replies
            ? JsonSerializer.Deserialize<List<StaffReplyRecord>>(replies, Json) ?? []
            : Array.Empty<StaffReplyRecord>(),
        Reading = ReadingFrom(e),
        PromisedDate = PromisedDateFrom(e),
    };
}
