package dev.tradingpipeline.jobs.ingest;

import dev.tradingpipeline.jobs.cboe.CboeLayout;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/** Lists the landing location (a local folder or an s3:// prefix, recursively) for vendor files. */
public final class LandingScanner {
    private final Configuration hadoopConf;

    public LandingScanner(Configuration hadoopConf) {
        this.hadoopConf = hadoopConf;
    }

    /** Landing files in landing order: oldest modification first, then by name. */
    public List<LandingFile> list(String landing) throws IOException {
        Path root = new Path(landing);
        FileSystem fs = root.getFileSystem(hadoopConf);
        List<LandingFile> files = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> it;
        try {
            it = fs.listFiles(root, true);
        } catch (FileNotFoundException e) {
            throw new FileNotFoundException("Landing location " + landing + " (paths.landing) does not exist");
        }
        while (it.hasNext()) {
            LocatedFileStatus st = it.next();
            String name = st.getPath().getName();
            if (!st.isFile() || name.startsWith(".") || name.startsWith("_") || !CboeLayout.isLandingFileName(name)) {
                continue;
            }
            files.add(new LandingFile(fs.makeQualified(st.getPath()).toString(), name, st.getLen(),
                    st.getModificationTime()));
        }
        files.sort(Comparator.comparingLong(LandingFile::modifiedAtMillis).thenComparing(LandingFile::name));
        return files;
    }
}
