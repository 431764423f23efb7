/*
 * NettyUpper: the Netty reference server of bench/compare.sh, what a JVM does with a bare Netty pipeline and
 * nothing else. Compiled by compare.sh against the Netty jars of the project's own build.
 *
 *   java -cp NETTY_JARS:. NettyUpper --port P [--framing lf|raw] [--threads N] [--transport epoll|nio]
 *
 * lf:  Netty's LineBasedFrameDecoder (delimiter kept), each line uppercased in place and written back.
 * raw: whatever bytes arrive are uppercased in place and written back.
 * One event-loop group of N threads (default 1) accepts and does all I/O; one flush per read batch; reading stops
 * while a client does not take its replies (back-pressure).
 */

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;

public final class NettyUpper {

	public static void main(String[] args) throws InterruptedException {
		int port = 9300;
		int threads = 1;
		boolean lines = true;
		boolean epoll = Epoll.isAvailable();
		for (int i = 0; i + 1 < args.length; i += 2) {
			switch (args[i]) {
				case "--port" -> port = Integer.parseInt(args[i + 1]);
				case "--framing" -> lines = !args[i + 1].equals("raw");
				case "--threads" -> threads = Integer.parseInt(args[i + 1]);
				case "--transport" -> epoll = args[i + 1].equals("epoll");
				default -> throw new IllegalArgumentException("unknown option " + args[i]);
			}
		}
		boolean lineFraming = lines;
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads,
				epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
		try {
			ServerBootstrap bootstrap = new ServerBootstrap().group(group)
				.channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
				.option(ChannelOption.SO_BACKLOG, 4096)
				.option(ChannelOption.SO_REUSEADDR, true)
				.childOption(ChannelOption.TCP_NODELAY, true)
				.childHandler(new ChannelInitializer<SocketChannel>() {
					@Override
					protected void initChannel(SocketChannel channel) {
						if (lineFraming) {
							channel.pipeline().addLast(new LineBasedFrameDecoder(64 * 1024, false, true));
						}
						channel.pipeline().addLast(Uppercase.INSTANCE);
					}
				});
			var channel = bootstrap.bind("127.0.0.1", port).sync().channel();
			System.out.printf("NettyUpper listening on 127.0.0.1:%d, %s framing, %s, %d thread(s)%n", port,
					lines ? "lf" : "raw", epoll ? "epoll" : "nio", threads);
			channel.closeFuture().sync();
		}
		finally {
			group.shutdownGracefully();
		}
	}

	/** Uppercases ASCII letters in place and writes the buffer back; flushes once per read batch. */
	@Sharable
	static final class Uppercase extends ChannelInboundHandlerAdapter {

		static final Uppercase INSTANCE = new Uppercase();

		@Override
		public void channelRead(ChannelHandlerContext context, Object message) {
			ByteBuf bytes = (ByteBuf) message;
			for (int i = bytes.readerIndex(), end = bytes.writerIndex(); i < end; i++) {
				byte b = bytes.getByte(i);
				if (b >= 'a' && b <= 'z') {
					bytes.setByte(i, b - 32);
				}
			}
			context.write(bytes, context.voidPromise());
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext context) {
			context.flush();
		}

		@Override
		public void channelWritabilityChanged(ChannelHandlerContext context) {
			context.channel().config().setAutoRead(context.channel().isWritable());
			context.fireChannelWritabilityChanged();
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
			context.close();
		}

	}

}
