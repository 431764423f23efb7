package dev.upcase.server.tcp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionHandlerTest {

	@Test
	void aNativeTransportErrorIsToldWithoutItsSystemCall() {
		assertThat(ConnectionHandler
			.withoutSystemCall("recvAddress(..) failed with error(-104): Connection reset by peer"))
			.isEqualTo("Connection reset by peer");
		assertThat(ConnectionHandler.withoutSystemCall("writevAddresses(..) failed: Broken pipe")).isEqualTo("Broken pipe");
	}

	@Test
	void otherMessagesStayAsTheyAre() {
		assertThat(ConnectionHandler.withoutSystemCall("Connection reset")).isEqualTo("Connection reset");
		assertThat(ConnectionHandler.withoutSystemCall("a (..) failed: in the middle")).isEqualTo("a (..) failed: in the middle");
	}

}
