//! Steps every SCPI driver shares: the connect sequence (`*IDN?`, then `*CLS`) and a later
//! `*IDN?` that refreshes what the driver remembers.

use crate::instruments::scpi::ScpiClient;
use crate::instruments::traits::{Identity, InstrumentResult};

/// Reads `*IDN?` and clears the status (`*CLS`): how every SCPI driver starts its connect.
pub(super) async fn identify_and_clear(client: &mut ScpiClient) -> InstrumentResult<Identity> {
    let identity = client.identify().await?;
    client.command("*CLS").await?;
    Ok(identity)
}

/// Reads `*IDN?` again and keeps the answer in `identity`.
pub(super) async fn refresh_identity(
    client: &mut ScpiClient,
    identity: &mut Identity,
) -> InstrumentResult<Identity> {
    let id = client.identify().await?;
    *identity = id.clone();
    Ok(id)
}

#[cfg(test)]
pub(super) mod testing {
    //! Test clients over a scripted link.

    use crate::instruments::error::Origin;
    use crate::instruments::scpi::link::script::ScriptLink;
    use crate::instruments::scpi::{ClientOptions, ScpiClient};

    /// A client with default options over `link`, named `driver` at `address`.
    pub(in crate::instruments::drivers) fn script_client(
        link: &ScriptLink,
        driver: &str,
        address: &str,
    ) -> ScpiClient {
        ScpiClient::from_link(
            Box::new(link.clone()),
            Origin::new(driver, address),
            ClientOptions::default(),
        )
    }
}
