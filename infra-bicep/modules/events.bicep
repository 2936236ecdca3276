metadata description = 'Event Grid system topics on the ACS resource and the storage account. Their subscriptions need function keys that exist only after code deploy, so ../events.bicep (run by the postdeploy hook) adds them.'

@description('Required. Azure region of the storage account (its system topic lives there).')
param location string

@description('Required. Tags applied to every resource.')
param tags object

@description('Required. Name of the storage account whose blob events are published.')
param storageAccountName string

@description('Required. Name of the Communication Services resource whose SMS events are published.')
param communicationServiceName string

@description('Required. Name of the system topic on the storage account.')
@minLength(3)
@maxLength(128)
param storageTopicName string

@description('Required. Name of the system topic on the Communication Services resource.')
@minLength(3)
@maxLength(128)
param communicationTopicName string

@description('Required. Blob container that receives dead-lettered events.')
param deadLetterContainerName string

// Storage Blob Data Contributor: the topics write dead letters with their own identity (shared keys are off).
var blobDataContributorRoleId = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource deadLetters 'containers' existing = {
      name: deadLetterContainerName
    }
  }
}

resource communication 'Microsoft.Communication/communicationServices@2025-09-01' existing = {
  name: communicationServiceName
}

resource storageTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: storageTopicName
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource communicationTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: communicationTopicName
  // A topic on a global resource is global.
  location: 'global'
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: communication.id
    topicType: 'Microsoft.Communication.CommunicationServices'
  }
}

resource storageTopicDeadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage::blobService::deadLetters.id, storageTopic.id, blobDataContributorRoleId)
  scope: storage::blobService::deadLetters
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataContributorRoleId)
    principalId: storageTopic.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource communicationTopicDeadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage::blobService::deadLetters.id, communicationTopic.id, blobDataContributorRoleId)
  scope: storage::blobService::deadLetters
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataContributorRoleId)
    principalId: communicationTopic.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

@description('Name of the system topic on the storage account.')
output storageTopicName string = storageTopic.name

@description('Name of the system topic on the Communication Services resource.')
output communicationTopicName string = communicationTopic.name
