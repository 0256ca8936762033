using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Analysis;
using Aggregator.Domain.Registry;
using Aggregator.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aggregator.Queries;

/// <summary>One reminder: a unit not submitted, its deadline and how far it is.</summary>
public sealed record Reminder(UnitStatusEntry Unit, int Year, DateOnly Deadline, int DaysToDeadline)
{
    public int DaysLate => DaysToDeadline < 0 ? -DaysToDeadline : 0;

    /// <summary>The message in Chinese, e.g. 【催报】漳河新区(jingmen-zhanghe)2021 年度政府信息公开工作年度报告尚未报送,截止日期 2022-03-31(还剩 3 天)。</summary>
    public string Text
    {
        get
        {
            var who = Unit.UnitName.Length > 0 ? $"{Unit.UnitName}({Unit.UnitId})" : Unit.UnitId;
            var what = Unit.Status == UnitStatus.Returned ? "被退回后尚未重新报送" : "尚未报送";
            var deadline = Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            return DaysToDeadline switch
            {
                > 0 => $"【催报】{who}{Year} 年度政府信息公开工作年度报告{what},截止日期 {deadline}(还剩 {DaysToDeadline} 天)。",
                0 => $"【催报】{who}{Year} 年度政府信息公开工作年度报告{what},今天({deadline})截止。",
                _ => $"【催报】{who}{Year} 年度政府信息公开工作年度报告已逾期 {DaysLate} 天{what}(截止日期 {deadline})。",
            };
        }
    }
}
