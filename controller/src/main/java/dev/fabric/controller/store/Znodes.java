package dev.fabric.controller.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.data.Stat;

/**
 * Plain ZooKeeper calls through Curator (which retries on connection loss), with ZooKeeper's
 * checked exceptions turned into store exceptions that name the znode.
 */
final class Znodes {
    /** Data and the znode's stat (its version is what optimistic writes check). */
    record Data(byte[] bytes, Stat stat) {
    }

    /** A transaction failed: which operation (index into the list given to {@link #commit}) and why. */
    static final class TransactionFailed extends Exception {
        final int index;
        final KeeperException.Code code;

        TransactionFailed(int index, KeeperException.Code code, KeeperException cause) {
            super("operation " + index + " failed: " + code, cause);
            this.index = index;
            this.code = code;
        }
    }

    /** Only a guard: Curator calls back with CONNECTIONLOSS once its retries are spent, long before this. */
    private static final long BACKGROUND_WAIT_SECONDS = 300;

    private final CuratorFramework client;

    Znodes(CuratorFramework client) {
        this.client = client;
    }

    CuratorFramework client() {
        return client;
    }

    Optional<Data> get(String path) {
        Stat stat = new Stat();
        try {
            byte[] bytes = client.getData().storingStatIn(stat).forPath(path);
            return Optional.of(new Data(bytes, stat));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        } catch (Exception e) {
            throw translate("read", path, e);
        }
    }

    /**
     * Reads several znodes at once: the requests are pipelined on the one connection instead of
     * waiting a round trip each (Curator retries each on connection loss). Same order as {@code paths}.
     */
    List<Optional<Data>> getAll(List<String> paths) {
        List<CompletableFuture<Optional<Data>>> futures = new ArrayList<>(paths.size());
        for (String path : paths) {
            CompletableFuture<Optional<Data>> future = new CompletableFuture<>();
            futures.add(future);
            try {
                client.getData().inBackground((c, event) -> {
                    KeeperException.Code code = KeeperException.Code.get(event.getResultCode());
                    if (code == KeeperException.Code.OK) {
                        future.complete(Optional.of(new Data(event.getData(), event.getStat())));
                    } else if (code == KeeperException.Code.NONODE) {
                        future.complete(Optional.empty());
                    } else {
                        future.completeExceptionally(KeeperException.create(code, path));
                    }
                }).forPath(path);
            } catch (Exception e) {
                throw translate("read", path, e);
            }
        }
        List<Optional<Data>> results = new ArrayList<>(paths.size());
        for (int i = 0; i < futures.size(); i++) {
            try {
                results.add(futures.get(i).get(BACKGROUND_WAIT_SECONDS, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                throw translate("read", paths.get(i), e.getCause() instanceof Exception cause ? cause : e);
            } catch (InterruptedException | TimeoutException e) {
                throw translate("read", paths.get(i), e);
            }
        }
        return results;
    }

    Optional<Stat> stat(String path) {
        try {
            return Optional.ofNullable(client.checkExists().forPath(path));
        } catch (Exception e) {
            throw translate("check", path, e);
        }
    }

    List<String> children(String path) {
        try {
            return client.getChildren().forPath(path).stream().sorted().toList();
        } catch (KeeperException.NoNodeException e) {
            throw new StoreException("znode " + path + " is missing: the store's layout under its root is incomplete", e);
        } catch (Exception e) {
            throw translate("list", path, e);
        }
    }

    /** Creates the znode (and missing parents) unless it exists; returns whether this call created it. */
    boolean createIfMissing(String path, byte[] data) {
        try {
            client.create().creatingParentsIfNeeded().forPath(path, data);
            return true;
        } catch (KeeperException.NodeExistsException e) {
            return false;
        } catch (Exception e) {
            throw translate("create", path, e);
        }
    }

    void createOrSet(String path, byte[] data) {
        try {
            client.create().orSetData().forPath(path, data);
        } catch (Exception e) {
            throw translate("write", path, e);
        }
    }

    CuratorOp createOp(String path, byte[] data) {
        return build(() -> client.transactionOp().create().forPath(path, data), path);
    }

    CuratorOp setOp(String path, byte[] data, int expectedStatVersion) {
        return build(() -> client.transactionOp().setData().withVersion(expectedStatVersion).forPath(path, data), path);
    }

    CuratorOp deleteOp(String path, int expectedStatVersion) {
        return build(() -> client.transactionOp().delete().withVersion(expectedStatVersion).forPath(path), path);
    }

    /** One ZooKeeper transaction: all operations or none. */
    void commit(List<CuratorOp> operations) throws TransactionFailed {
        try {
            client.transaction().forOperations(operations);
        } catch (KeeperException e) {
            List<OpResult> results = e.getResults();
            if (results != null) {
                for (int i = 0; i < results.size(); i++) {
                    if (results.get(i) instanceof OpResult.ErrorResult error) {
                        KeeperException.Code code = KeeperException.Code.get(error.getErr());
                        if (code != KeeperException.Code.OK && code != KeeperException.Code.RUNTIMEINCONSISTENCY) {
                            throw new TransactionFailed(i, code, e);
                        }
                    }
                }
            }
            throw translate("commit a transaction on", operations.get(0).getTypeAndPath().getForPath(), e);
        } catch (Exception e) {
            throw translate("commit a transaction on", operations.get(0).getTypeAndPath().getForPath(), e);
        }
    }

    private interface OpBuilder {
        CuratorOp build() throws Exception;
    }

    private CuratorOp build(OpBuilder builder, String path) {
        try {
            return builder.build();
        } catch (Exception e) {
            throw translate("prepare an operation on", path, e);
        }
    }

    private StoreException translate(String what, String path, Exception e) {
        if (e instanceof TimeoutException) {
            return new StoreUnavailableException("no answer from ZooKeeper while trying to " + what + " " + path, e);
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new StoreException("interrupted while trying to " + what + " " + path, e);
        }
        if (e instanceof KeeperException.ConnectionLossException || e instanceof KeeperException.SessionExpiredException
                || e instanceof KeeperException.OperationTimeoutException) {
            return new StoreUnavailableException("lost ZooKeeper at " + client.getZookeeperClient().getCurrentConnectionString()
                    + " while trying to " + what + " " + path + " (" + e.getMessage() + "); the change may or may not have been made", e);
        }
        if (e instanceof IllegalStateException && !client.getState().equals(org.apache.curator.framework.imps.CuratorFrameworkState.STARTED)) {
            return new StoreException("cannot " + what + " " + path + ": the ZooKeeper client is closed", e);
        }
        return new StoreException("ZooKeeper refused to " + what + " " + path + ": " + e.getMessage(), e);
    }
}
