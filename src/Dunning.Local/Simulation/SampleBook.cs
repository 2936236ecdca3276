using System.Globalization;
using System.Text;
using Bogus;
using Dunning.Core.Lenders;
using Dunning.Core.Schedules;

namespace Dunning.Local.Simulation;

/// <summary>A generated borrower of the sample book, with what the behaviour model needs to know about them.</summary>
public sealed record SampleBorrower(
    string BorrowerId,
    string LoanId,
    string Name,
    string Phone,
    string TimeZone,
    string Language,
    string Segment,
    decimal Amount,
    string Currency,
    DateOnly DueDate,
    bool Consent,
    int InstallmentNo = 1)
{
    /// <summary>The simulation's key for the account: loan and installment.</summary>
    public string Key => LoanId + "#" + InstallmentNo.ToString(CultureInfo.InvariantCulture);
}

/// <summary>What the generated book looks like; empty lists mean "all the defaults".</summary>
public sealed record BookShape
{
    public IReadOnlyList<string> TimeZones { get; init; } = [];

    public IReadOnlyList<string> Segments { get; init; } = [];

    public IReadOnlyList<string> Languages { get; init; } = [];
}

/// <summary>
/// A seeded, generated repayment book: borrowers across Shanghai, Hong Kong, New York and London, mixed
/// risk segments, and a few deliberately bad rows so the upload report has something to say.
/// </summary>
public static class SampleBook
{
    public static IReadOnlyList<string> TimeZones => [.. Markets.Select(m => m.Zone)];

    private static readonly (string Zone, string Region, string Language, string Currency, string Locale)[] Markets =
    [
        ("Asia/Shanghai", "CN", Languages.Chinese, "CNY", "zh_CN"),
        ("Asia/Hong_Kong", "HK", Languages.Chinese, "HKD", "zh_CN"),
        ("America/New_York", "US", Languages.English, "USD", "en_US"),
        ("Europe/London", "GB", Languages.English, "GBP", "en_GB"),
    ];

    public static IReadOnlyList<SampleBorrower> Generate(int borrowers, DateOnly firstDueDate, int dueDateSpreadDays, int seed, BookShape? shape = null)
    {
        shape ??= new BookShape();
        var markets = shape.TimeZones.Count == 0
            ? Markets
            : [.. shape.TimeZones.Select(zone => Markets.FirstOrDefault(m => m.Zone == zone) is { Zone: not null } known
                ? known
                : TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _)
                    ? (zone, "US", Languages.English, "USD", "en_US")
                    : throw new ArgumentException($"'{zone}' is not a time zone this machine knows.", nameof(shape)))];
        var random = new Random(seed);
        var result = new List<SampleBorrower>(borrowers);
        for (var i = 0; i < borrowers; i++)
        {
            var market = markets[random.Next(markets.Length)];
            var faker = new Faker(market.Locale) { Random = new Randomizer(seed * 100_003 + i) };
            var draw = random.NextDouble();
            var segment = shape.Segments.Count > 0
                ? shape.Segments[(int)(draw * shape.Segments.Count)]
                : draw switch { < 0.55 => "low", < 0.85 => "medium", _ => "high" };
            if (shape.Languages.Count > 0)
            {
                market.Language = shape.Languages[random.Next(shape.Languages.Count)];
            }

            result.Add(new SampleBorrower(
                BorrowerId: $"B{i + 1:D6}",
                LoanId: $"LN{i + 1:D6}",
                Name: market.Language == Languages.Chinese ? faker.Name.LastName() + faker.Name.FirstName() : faker.Name.FullName(),
                Phone: MobileNumber(market.Region, random),
                TimeZone: market.Zone,
                Language: market.Language,
                Segment: segment,
                Amount: Math.Round((decimal)(random.NextDouble() * 4_800 + 200), 2),
                Currency: market.Currency,
                DueDate: firstDueDate.AddDays(random.Next(dueDateSpreadDays)),
                Consent: random.NextDouble() > 0.02));
        }

        return result;
    }

    /// <summary>A random number the upload's own validation accepts as a mobile number in the region.</summary>
    private static string MobileNumber(string region, Random random)
    {
        while (true)
        {
            var candidate = region switch
            {
                "CN" => "+86139" + random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture),
                "HK" => "+852" + random.Next(51_000_000, 69_999_999).ToString(CultureInfo.InvariantCulture),
                "US" => "+1" + random.Next(201, 989).ToString(CultureInfo.InvariantCulture) + random.Next(2_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture),
                _ => "+447" + random.Next(400_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture),
            };
            if (FieldRules.MobilePhone(candidate, region, out _) is { } valid)
            {
                return valid;
            }
        }
    }

    /// <summary>The schedule CSV a lender would upload, with <paramref name="badRows"/> broken rows mixed in.</summary>
    public static string ToScheduleCsv(IReadOnlyList<SampleBorrower> book, int badRows, int seed)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("loan_id,installment_no,borrower_id,borrower_name,phone,time_zone,language,amount_due,currency,due_date,consent,segment\r\n");
        var badAt = Enumerable.Range(0, badRows).Select(_ => random.Next(book.Count)).ToHashSet();
        for (var i = 0; i < book.Count; i++)
        {
            var b = book[i];
            csv.Append(Quote(b.LoanId)).Append(",1,").Append(Quote(b.BorrowerId)).Append(',').Append(Quote(b.Name)).Append(',')
               .Append(b.Phone).Append(',').Append(b.TimeZone).Append(',').Append(b.Language).Append(',')
               .Append(b.Amount.ToString("0.00", CultureInfo.InvariantCulture)).Append(',').Append(b.Currency).Append(',')
               .Append(b.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
               .Append(b.Consent ? "true" : "false").Append(',').Append(b.Segment).Append("\r\n");
            if (badAt.Contains(i))
            {
                csv.Append(random.Next(3) switch
                {
                    0 => $"BAD{i},1,BX{i},Nobody,12345,Asia/Shanghai,zh-CN,100.00,CNY,2026-12-01,true,low\r\n",
                    1 => $"BAD{i},1,BX{i},Nobody,+8613900000000,Asia/Shanghai,zh-CN,-5,CNY,2026-12-01,true,low\r\n",
                    _ => $"BAD{i},1,BX{i},Nobody,+8613900000000,Mars/Base,zh-CN,100.00,CNY,2026-13-45,true,low\r\n",
                });
            }
        }

        return csv.ToString();
    }

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
