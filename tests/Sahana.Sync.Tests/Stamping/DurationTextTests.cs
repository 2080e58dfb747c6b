using Sahana.Sync.Stamping;

namespace Sahana.Sync.Tests.Stamping;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData(0, 0, 0, 0, "less than a second")]
    [InlineData(0, 0, 0, 1, "1 second")]
    [InlineData(0, 0, 45, 0, "45 minutes")]
    [InlineData(0, 0, 30, 0, "30 minutes")]
    [InlineData(0, 5, 10, 0, "5 hours 10 minutes")]
    [InlineData(0, 1, 0, 59, "1 hour")]
    [InlineData(1, 1, 1, 0, "1 day 1 hour")]
    [InlineData(1097, 0, 0, 0, "3 years 2 days")]
    [InlineData(365, 23, 0, 0, "1 year")]
    [InlineData(0, 0, 2, 3, "2 minutes 3 seconds")]
    public void Words_the_largest_unit_and_the_one_below_it(
        int days, int hours, int minutes, int seconds, string expected)
        => DurationText.Describe(new TimeSpan(days, hours, minutes, seconds)).Should().Be(expected);

    [Fact]
    public void Words_a_negative_duration_as_its_size()
        => DurationText.Describe(TimeSpan.FromMinutes(-90)).Should().Be("1 hour 30 minutes");

    [Fact]
    public void Words_a_duration_under_a_second_as_such()
        => DurationText.Describe(TimeSpan.FromMicroseconds(1)).Should().Be("less than a second");

    [Fact]
    public void Words_the_longest_durations_without_overflow()
    {
        DurationText.Describe(TimeSpan.MaxValue).Should().StartWith("29247 years");
        DurationText.Describe(TimeSpan.MinValue).Should().StartWith("29247 years");
    }
}
