package dev.fabric.cli;

import dev.fabric.agent.desired.ImageRef;
import dev.fabric.agent.image.DigestMismatchException;
import dev.fabric.agent.image.ImageEntry;
import dev.fabric.agent.image.ImageException;
import dev.fabric.agent.image.ImageStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fabric image add|add-kernel|list|verify}: the agent's base images, each pinned to its SHA-256. */
@Command(name = "image",
        mixinStandardHelpOptions = true,
        description = {
                "Registers and checks base images. An image is a qcow2 disk or a kernel+initrd pair, registered",
                "with the SHA-256 you expect (from a trusted source); a file with another digest is refused.",
                "Exit codes: 0 ok, 1 verify found a changed or missing file, 2 bad input."
        },
        subcommands = {ImageCommand.Add.class, ImageCommand.AddKernel.class, ImageCommand.ListImages.class, ImageCommand.Verify.class})
final class ImageCommand {

    @Option(names = "--store", paramLabel = "DIR", defaultValue = ImageStore.DEFAULT_ROOT, scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Image store directory (default: ${DEFAULT-VALUE}).")
    Path store;

    ImageStore store() {
        return new ImageStore(store);
    }

    static ImageStore.Placement placement(boolean reference) {
        return reference ? ImageStore.Placement.REFERENCE : ImageStore.Placement.COPY;
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Registers a qcow2 disk image (copied into the store).")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        ImageCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Parameters(index = "1", paramLabel = "FILE")
        Path file;
        @Option(names = "--sha256", required = true, paramLabel = "HEX", description = "The SHA-256 the file must have.")
        String sha256;
        @Option(names = "--reference", description = "Use the file where it is instead of copying it (it must then never change).")
        boolean reference;

        @Override
        public Integer call() {
            return report(spec, () -> parent.store().registerDisk(name, file, sha256, placement(reference)));
        }
    }

    @Command(name = "add-kernel", mixinStandardHelpOptions = true,
            description = "Registers DIR/vmlinuz and DIR/initrd.img with the digests in DIR/SHA256SUMS (the lab's image layout).")
    static final class AddKernel implements Callable<Integer> {
        @ParentCommand
        ImageCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Parameters(index = "1", paramLabel = "DIR")
        Path dir;
        @Option(names = "--cmdline", paramLabel = "TEXT", defaultValue = "console=ttyS0 panic=-1",
                description = "Kernel boot options, never configuration (default: ${DEFAULT-VALUE}).")
        String cmdline;
        @Option(names = "--reference", description = "Use the files where they are instead of copying them.")
        boolean reference;

        @Override
        public Integer call() {
            return report(spec, () -> parent.store().registerKernelDirectory(name, dir, cmdline, placement(reference)));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists registered images (nothing is hashed).")
    static final class ListImages implements Callable<Integer> {
        @ParentCommand
        ImageCommand parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                for (ImageEntry e : parent.store().manifest().entries().values()) {
                    if (e instanceof ImageEntry.Disk d) {
                        out.printf("%s\tdisk\t%s\t%s%n", d.name(), d.digest(), d.file().path());
                    } else if (e instanceof ImageEntry.Kernel k) {
                        out.printf("%s\tkernel\t%s\t%s %s%n", k.name(), k.digest(), k.kernel().path(), k.initrd().path());
                    }
                }
                return Main.EXIT_OK;
            } catch (ImageException e) {
                spec.commandLine().getErr().println("fabric image: " + e.getMessage());
                return Main.EXIT_BAD_INPUT;
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Hashes every file of the named (default: all) images.")
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        ImageCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME", arity = "0..*")
        List<String> names;

        @Override
        public Integer call() {
            ImageStore store = parent.store();
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            int exit = Main.EXIT_OK;
            try {
                List<String> which = names == null || names.isEmpty() ? List.copyOf(store.catalog().images().keySet()) : names;
                for (String n : which) {
                    try {
                        store.verify(n);
                        out.println(n + ": ok");
                    } catch (DigestMismatchException e) {
                        err.println("fabric image: " + e.getMessage());
                        exit = Math.max(exit, Main.EXIT_CHECK_FAILED);
                    } catch (ImageException e) {
                        err.println("fabric image: " + e.getMessage());
                        exit = e.getMessage().contains("is missing") ? Math.max(exit, Main.EXIT_CHECK_FAILED) : Main.EXIT_BAD_INPUT;
                    }
                }
                return exit;
            } catch (ImageException e) {
                err.println("fabric image: " + e.getMessage());
                return Main.EXIT_BAD_INPUT;
            }
        }
    }

    private interface Registration {
        ImageRef run();
    }

    private static int report(CommandSpec spec, Registration r) {
        try {
            ImageRef ref = r.run();
            spec.commandLine().getOut().println("registered " + ref.name() + " (" + ref.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + ") sha256 " + ref.sha256());
            return Main.EXIT_OK;
        } catch (ImageException e) {
            spec.commandLine().getErr().println("fabric image: " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        }
    }
}
