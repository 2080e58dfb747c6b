Console.WriteLine("Sahana.Sync demo");
