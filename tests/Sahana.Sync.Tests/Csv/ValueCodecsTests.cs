using Sahana.Sync.Csv;

namespace Sahana.Sync.Tests.Csv;

public sealed class ValueCodecsTests
{
    public enum Status : short
    {
        Open = 1,
        Closed = 2,
    }

    public static TheoryData<Type> Supported => new()
    {
        typeof(string), typeof(bool), typeof(sbyte), typeof(byte), typeof(short), typeof(ushort), typeof(int), typeof(uint),
        typeof(long), typeof(ulong), typeof(Int128), typeof(UInt128), typeof(float), typeof(double), typeof(decimal),
        typeof(DateTime), typeof(DateTimeOffset), typeof(DateOnly), typeof(TimeOnly), typeof(TimeSpan), typeof(Guid),
        typeof(byte[]), typeof(char), typeof(Status), typeof(DayOfWeek),
    };

    [Theory]
    [MemberData(nameof(Supported))]
    public void Every_supported_type_has_a_typed_codec_of_its_own(Type type)
    {
        var codec = ValueCodecs.For(type);

        codec.ClrType.Should().Be(type);
        codec.Should().BeAssignableTo(typeof(ValueCodec<>).MakeGenericType(type));
        ValueCodecs.For(type).Should().BeSameAs(codec);
        codec.Expected.Should().NotBeNullOrWhiteSpace();
    }

    [Theory]
    [MemberData(nameof(Supported))]
    public void A_nullable_type_has_the_codec_of_the_type_inside(Type type)
    {
        if (!type.IsValueType)
        {
            return;
        }

        ValueCodecs.For(typeof(Nullable<>).MakeGenericType(type)).Should().BeSameAs(ValueCodecs.For(type));
    }

    [Fact]
    public void The_generic_lookup_gives_the_typed_codec()
    {
        ValueCodecs.For<int>().Should().BeSameAs(IntegerCodec<int>.Instance);
        ValueCodecs.For<Status>().Format(Status.Closed).Should().Be("2");
        ValueCodecs.For<DateTime>().Should().BeSameAs(DateTimeCodec.Instance);
    }

    [Fact]
    public void The_generic_lookup_refuses_a_nullable_type()
    {
        var lookup = () => ValueCodecs.For<int?>();

        lookup.Should().Throw<ArgumentException>().WithMessage("*System.Int32*");
    }

    [Theory]
    [InlineData(typeof(object))]
    [InlineData(typeof(Uri))]
    [InlineData(typeof(int[]))]
    [InlineData(typeof(Half))]
    public void An_unsupported_type_has_no_codec(Type type)
    {
        ValueCodecs.TryFor(type, out var codec).Should().BeFalse();
        codec.Should().BeNull();
        var lookup = () => ValueCodecs.For(type);
        lookup.Should().Throw<NotSupportedException>().WithMessage($"*{type}*value converter*");
    }

    [Fact]
    public void The_boxing_methods_work_for_every_codec()
    {
        var samples = new object[]
        {
            "text", true, (sbyte)-1, (byte)1, (short)-2, (ushort)2, -3, 3u, -4L, 4UL, (Int128)5, (UInt128)5, 1.5f, 2.5, 3.5m,
            new DateTime(2009, 12, 26, 6, 58, 28, DateTimeKind.Utc), new DateTimeOffset(2009, 12, 26, 6, 58, 28, TimeSpan.FromHours(1)),
            new DateOnly(2009, 12, 26), new TimeOnly(6, 58, 28), TimeSpan.FromMinutes(90), Guid.NewGuid(), 'x', Status.Open, DayOfWeek.Friday,
        };

        foreach (var value in samples)
        {
            var codec = ValueCodecs.For(value.GetType());
            codec.Parse(codec.Format(value)).Should().Be(value);
        }

        var bytes = ValueCodecs.For<byte[]>();
        ((byte[])bytes.Parse(bytes.Format((object)new byte[] { 9, 8 }))).Should().Equal(9, 8);
    }

    [Fact]
    public void A_parse_failure_becomes_a_format_exception_that_says_where()
    {
        var failure = CodecAssertions.Refuses(ValueCodecs.For<int>(), "abc");

        var e = failure.ToSyncFormatException("pr_person", 42, "gender");

        e.Message.Should().Be("Line 42 of table 'pr_person', column 'gender': expected an integer from -2147483648 to 2147483647, found 'abc'.");
        e.InnerException.Should().BeSameAs(failure);
    }

    [Fact]
    public void A_long_value_is_cut_short_in_the_message()
    {
        var failure = CodecAssertions.Refuses(ValueCodecs.For<int>(), new string('9', 500));

        failure.Message.Should().EndWith(new string('9', 60) + "…'");
    }

    [Fact]
    public void An_empty_value_is_named_so_in_the_message()
    {
        CodecAssertions.Refuses(ValueCodecs.For<Guid>(), string.Empty).Message.Should().EndWith("found an empty field");
    }
}
