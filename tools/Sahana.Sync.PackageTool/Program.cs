using Sahana.Sync.PackageTool;

return args switch
{
    ["public-docs", var assembly, var docs] => PublicDocs.Run(assembly, docs),
    ["pack-ranges", var assets, var output, .. var ranges] => PackRanges.Run(assets, output, ranges),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: public-docs ASSEMBLY XML | pack-ranges ASSETS_JSON OUTPUT_JSON NAME=RANGE...");
    return 2;
}
