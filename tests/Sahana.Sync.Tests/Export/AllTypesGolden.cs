namespace Sahana.Sync.Tests.Export;

/// <summary>
/// The section <see cref="AllTypesRows"/> exports as, on every provider, byte for byte: CRLF after every
/// line, values in the invariant culture, the text of each type as docs/format.md gives it.
/// </summary>
internal static class AllTypesGolden
{
    public const string Section =
        "TABLE test_all_types\r\n"
        + "test_all_types.id,test_all_types.text_value,test_all_types.text_or_null,test_all_types.bool_value,"
        + "test_all_types.bool_or_null,test_all_types.byte_value,test_all_types.sbyte_value,test_all_types.short_value,"
        + "test_all_types.ushort_value,test_all_types.int_value,test_all_types.int_or_null,test_all_types.uint_value,"
        + "test_all_types.long_value,test_all_types.ulong_value,test_all_types.float_value,test_all_types.double_value,"
        + "test_all_types.double_or_null,test_all_types.decimal_value,test_all_types.decimal_or_null,"
        + "test_all_types.decimal_of_scale2,test_all_types.date_time_value,test_all_types.date_time_or_null,"
        + "test_all_types.date_time_offset_value,test_all_types.date_only_value,test_all_types.date_only_or_null,"
        + "test_all_types.time_only_value,test_all_types.time_span_value,test_all_types.guid_value,test_all_types.guid_or_null,"
        + "test_all_types.bytes_value,test_all_types.bytes_or_null,test_all_types.char_value,test_all_types.enum_value,"
        + "test_all_types.enum_or_null,test_all_types.enum_as_text,test_all_types.uuid,test_all_types.deleted,"
        + "test_all_types.modified_on\r\n"
        + "1,\"Water, \"\"clean\"\" and\r\nsafe\",,True,False,7,-5,300,40000,42,-1,3000000000,9007199254740993,"
        + "10000000000000000000,0.1,0.1,-2.5,12.5,5,12.50,2026-11-26 09:15:30.123456,2004-12-26 01:00:00,"
        + "2026-11-26 09:15:30.5+00:00,2004-12-26,2024-02-29,14:30:00.250001,2.03:04:05.1234560,65b1d230-2cb9-42bb-b3fd-fbe3d57715f1,"
        + "c56a4180-65aa-42ec-a945-5fd21dec0538,AAH/,U2FoYW5h,x,2,1,Temple,urn:uuid:types-1,False,2026-11-26 09:00:00\r\n"
        + "2,,<NULL>,False,<NULL>,0,-128,-32768,0,-2147483648,<NULL>,0,-9223372036854775808,0,-3.4028235e+38,"
        + "-inf,<NULL>,-0.001,<NULL>,5.00,0001-01-01 00:00:00,<NULL>,0001-01-01 00:00:00+00:00,0001-01-01,"
        + "<NULL>,00:00:00,-00:01:30,00000000-0000-0000-0000-000000000000,<NULL>,,<NULL>,\",\",0,<NULL>,"
        + "School,urn:uuid:types-2,False,2026-11-26 09:00:00.000001\r\n"
        + "3,\"<NULL>\",\"யாழ்ப்பாணம்\nයාපනය\",True,True,255,127,32767,65535,2147483647,0,4294967295,9223372036854775807,"
        + "18446744073709551615,3.4028235e+38,1e+300,7.846019374111061,79228162514264337593543950335,"
        + "0.1,-1234567.80,2026-12-31 23:59:59.999999,2026-01-01 00:00:00.000001,2026-12-31 23:59:59.999999+00:00,"
        + "9999-12-31,2026-01-01,23:59:59.999999,99.23:59:59.9999990,ffffffff-ffff-ffff-ffff-ffffffffffff,"
        + "00000000-0000-0000-0000-000000000001,+/8=,,ழ,1000,7,Tent,urn:uuid:types-3,False,2026-11-26 09:00:00.000002\r\n"
        + "\r\n"
        + "\r\n";
}
